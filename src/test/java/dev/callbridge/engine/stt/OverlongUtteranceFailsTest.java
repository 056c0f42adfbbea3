package dev.callbridge.engine.stt;

import dev.callbridge.engine.EngineFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.audio.AudioFormat;
import dev.callbridge.engine.EngineFailure.Kind;
import dev.callbridge.engine.EngineFailure.Engine;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Audio past the per-utterance bound fails the utterance at once as too long; nothing is sent and the buffer does not grow. */
class OverlongUtteranceFailsTest {
    private final SttFixture f = new SttFixture(TranscriptionsClient.Limits.DEFAULTS.withMaxAudio(Duration.ofSeconds(1)));

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void pastTheBound() {
        SttFixture.Opened o = f.open(AudioFormat.PCMU_8K, "en");
        f.speak(o.session(), Tones.tone(AudioFormat.PCMU_8K, 1200), true);
        await().atMost(Duration.ofSeconds(5)).until(() -> !o.recorder().events.isEmpty());
        EngineFailure e = o.recorder().failure();
        assertThat(e.kind()).isEqualTo(Kind.TOO_LONG);
        assertThat(e.getMessage()).isEqualTo("STT: the utterance ran past 1 s of audio; it was dropped, not sent");
        assertThat(e.isTransient()).isFalse();
        // Exactly one answer, though endOfUtterance came after the failure, and no request.
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
                .until(() -> o.recorder().events.size() == 1 && f.fake.served().isEmpty());
        assertThat(o.recorder().wrongContext).isEmpty();
    }

    @Test
    void exactlyAtTheBoundIsSent() {
        f.fake.enqueue(FakeTranscriptions.Reply.text("ok"));
        SttFixture.Opened o = f.open(AudioFormat.PCMU_8K, "en");
        f.speak(o.session(), Tones.tone(AudioFormat.PCMU_8K, 1000), true);
        await().atMost(Duration.ofSeconds(5)).until(() -> !o.recorder().events.isEmpty());
        assertThat(o.recorder().transcript().text()).isEqualTo("ok");
    }
}
