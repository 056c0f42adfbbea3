package dev.callbridge.engine.deepgram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.audio.AudioFormat;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Cancel closes the stream, whether it is streaming, waiting for its final or still connecting, and
 * the listener hears nothing afterwards: not the results Deepgram still sends, not a final, not a failure.
 */
class DeepgramCancelIsSilentTest {
    private static final String LATE_FINAL = "{\"type\":\"Results\",\"channel_index\":[0,1],\"duration\":1.0,\"start\":0.0,\"is_final\":true,"
            + "\"speech_final\":true,\"from_finalize\":true,\"channel\":{\"alternatives\":[{\"transcript\":\"never heard\",\"confidence\":0.9,\"words\":[]}]}}";

    private final DeepgramFixture f = new DeepgramFixture();

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void cancelWhileStreaming() {
        f.fake.script().says("Half a sentence and then", "the rest.");
        DeepgramFixture.Opened o = f.open(AudioFormat.PCMU_8K, "en");
        f.speak(o.session(), DeepgramFixture.tone(AudioFormat.PCMU_8K, 1000), false);
        await().atMost(Duration.ofSeconds(5)).until(() -> !o.recorder().partials().isEmpty());
        FakeListenStream stream = f.fake.awaitStream(0);
        f.onContext(() -> o.session().cancel());
        int heard = o.recorder().events.size();
        stream.sendRaw(LATE_FINAL);
        f.onContext(() -> {
            o.session().audio(DeepgramFixture.tone(AudioFormat.PCMU_8K, 100));
            o.session().endOfUtterance();
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> stream.closed().isComplete());
        assertThat(stream.closed().result()).as("closed by the client, normally").isEqualTo(1000);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> o.recorder().events.size() == heard);
        assertThat(o.recorder().answer()).isNull();
        assertThat(stream.controls()).as("nothing sent after the cancel").doesNotContain(ListenCodec.FINALIZE, ListenCodec.CLOSE_STREAM);
        assertThat(stream.audio()).hasSize(8000);
    }

    @Test
    void cancelWhileTheFinalIsAwaited() {
        f.fake.script().says("Almost done.").flushAfter(400);
        DeepgramFixture.Opened o = f.open(AudioFormat.PCMU_8K, "en");
        f.speak(o.session(), DeepgramFixture.tone(AudioFormat.PCMU_8K, 600), true);
        FakeListenStream stream = f.fake.awaitStream(0);
        await().atMost(Duration.ofSeconds(5)).until(() -> stream.controls().contains(ListenCodec.CLOSE_STREAM));
        f.onContext(() -> o.session().cancel());
        await().atMost(Duration.ofSeconds(5)).until(() -> stream.closed().isComplete());
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(() -> o.recorder().answer() == null);
    }

    @Test
    void cancelWhileConnecting() {
        f.fake.handshakeDelay(Duration.ofMillis(300)).script().says("Never streamed.");
        DeepgramFixture.Opened o = f.open(AudioFormat.PCMU_8K, "en");
        f.speak(o.session(), DeepgramFixture.tone(AudioFormat.PCMU_8K, 400), false);
        f.onContext(() -> o.session().cancel());
        FakeListenStream stream = f.fake.awaitStream(0);
        await().atMost(Duration.ofSeconds(5)).until(() -> stream.closed().isComplete());
        assertThat(stream.audio()).as("nothing held was sent after the cancel").isEmpty();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> o.recorder().events.isEmpty());
    }
}
