package dev.callbridge.engine.deepgram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.audio.AudioFormat;
import dev.callbridge.engine.EngineFailure;
import dev.callbridge.engine.EngineFailure.Kind;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A connection cut without a close frame, while audio streams or while the final is awaited, fails the utterance as dropped. */
class DeepgramMidStreamDropTest {
    private final DeepgramFixture f = new DeepgramFixture();

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void dropWhileStreaming() {
        f.fake.script().says("This will be cut off.").dropAfter(4000);
        EngineFailure e = Failures.of(f, 1000);
        assertThat(e.kind()).isEqualTo(Kind.DROPPED);
        assertThat(e.isTransient()).isTrue();
        assertThat(e.getMessage()).isEqualTo("Deepgram connection lost mid-stream (no close frame): close 1006");
    }

    @Test
    void dropWhileTheFinalIsAwaited() {
        f.fake.script().says("Waiting for the final.").ignoreEnd();
        DeepgramFixture.Opened o = f.open(AudioFormat.PCMU_8K, "en");
        f.speak(o.session(), DeepgramFixture.tone(AudioFormat.PCMU_8K, 800), true);
        FakeListenStream stream = f.fake.awaitStream(0);
        await().atMost(Duration.ofSeconds(5)).until(() -> stream.controls().contains(ListenCodec.CLOSE_STREAM));
        stream.drop();
        await().atMost(Duration.ofSeconds(5)).until(() -> o.recorder().answer() != null);
        assertThat(o.recorder().failure().kind()).isEqualTo(Kind.DROPPED);
        assertThat(o.recorder().answers()).isEqualTo(1);
    }
}
