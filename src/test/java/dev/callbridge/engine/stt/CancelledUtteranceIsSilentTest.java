package dev.callbridge.engine.stt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.audio.AudioFormat;
import dev.callbridge.engine.stt.FakeTranscriptions.Reply;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Cancel aborts the request in flight (its connection closes) and the listener hears nothing, not even the answer that arrives later. */
class CancelledUtteranceIsSilentTest {
    private final SttFixture f = new SttFixture();

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void cancelWhileTheServerWorks() throws Exception {
        f.fake.enqueue(Reply.text("never heard").after(400));
        SttFixture.Opened o = f.open(AudioFormat.PCMU_8K, "en");
        f.speak(o.session(), Tones.tone(AudioFormat.PCMU_8K, 400), true);
        await().atMost(Duration.ofSeconds(5)).until(() -> !f.fake.served().isEmpty());
        f.onContext(() -> o.session().cancel());
        await().atMost(Duration.ofSeconds(5)).until(() -> f.fake.served().getFirst().connectionClosed().isComplete());
        // Past the moment the answer would have come: nothing may arrive.
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(() -> o.recorder().events.isEmpty());
    }

    @Test
    void cancelBeforeTheEndSendsNothing() throws Exception {
        SttFixture.Opened o = f.open(AudioFormat.PCMU_8K, "en");
        f.speak(o.session(), Tones.tone(AudioFormat.PCMU_8K, 400), false);
        f.onContext(() -> {
            o.session().cancel();
            o.session().endOfUtterance();
        });
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> f.fake.served().isEmpty() && o.recorder().events.isEmpty());
    }
}
