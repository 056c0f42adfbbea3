package dev.callbridge.engine.deepgram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An utterance without audio (or with only empty chunks) opens no stream: an empty final comes at once, on the context. */
class DeepgramEmptyUtteranceIsNotSentTest {
    private final DeepgramFixture f = new DeepgramFixture();

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void emptyFinalWithoutAStream() {
        DeepgramFixture.Opened o = f.open(AudioFormat.PCMU_8K, "fr");
        f.onContext(() -> {
            o.session().audio(new AudioChunk(AudioFormat.PCMU_8K, new byte[0]));
            o.session().endOfUtterance();
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> o.recorder().answer() != null);
        assertThat(o.recorder().transcript().text()).isEmpty();
        assertThat(o.recorder().transcript().language()).isEqualTo("fr");
        assertThat(o.recorder().transcript().audio()).isZero();
        assertThat(o.recorder().wrongContext).isEmpty();
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> f.fake.handshakes().isEmpty());
    }
}
