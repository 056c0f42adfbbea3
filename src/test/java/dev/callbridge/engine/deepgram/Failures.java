package dev.callbridge.engine.deepgram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.audio.AudioFormat;
import dev.callbridge.engine.EngineFailure;
import java.time.Duration;

/** Runs one utterance that is expected to fail, and checks what every failure must be: one answer, on the context, one line, no key. */
final class Failures {
    private Failures() {}

    static EngineFailure of(DeepgramFixture f, int millis) {
        DeepgramFixture.Opened o = f.open(AudioFormat.PCMU_8K, "en");
        f.speak(o.session(), DeepgramFixture.tone(AudioFormat.PCMU_8K, millis), true);
        await().atMost(Duration.ofSeconds(10)).until(() -> o.recorder().answer() != null);
        await().during(Duration.ofMillis(150)).atMost(Duration.ofSeconds(2)).until(() -> o.recorder().answers() == 1);
        assertThat(o.recorder().wrongContext).isEmpty();
        EngineFailure failure = o.recorder().failure();
        assertThat(failure.engine()).isEqualTo(EngineFailure.Engine.STT);
        assertThat(failure.getMessage()).doesNotContain(DeepgramFixture.KEY).doesNotContain("\n").startsWith("Deepgram");
        assertThat(failure.getStackTrace()).isEmpty();
        return failure;
    }
}
