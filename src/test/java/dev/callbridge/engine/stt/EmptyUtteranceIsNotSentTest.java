package dev.callbridge.engine.stt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.audio.AudioFormat;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An utterance without audio costs no request: it answers an empty final at once, on the opening context. */
class EmptyUtteranceIsNotSentTest {
    private final SttFixture f = new SttFixture();

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void emptyFinal() {
        SttFixture.Opened o = f.open(AudioFormat.PCMU_8K, "de");
        f.onContext(() -> o.session().endOfUtterance());
        await().atMost(Duration.ofSeconds(5)).until(() -> !o.recorder().events.isEmpty());
        Transcript t = o.recorder().transcript();
        assertThat(t.text()).isEmpty();
        assertThat(t.language()).isEqualTo("de");
        assertThat(t.audio()).isZero();
        await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(2)).until(() -> f.fake.served().isEmpty());
        assertThat(o.recorder().wrongContext).isEmpty();
    }
}
