package dev.callbridge.engine.tts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.audio.AudioFormat;
import dev.callbridge.engine.EngineFailure;
import dev.callbridge.engine.EngineFailure.Kind;
import dev.callbridge.engine.tts.FakeElevenLabs.Reply;
import io.vertx.core.net.NetServer;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A server that goes quiet fails the synthesis as a timeout and has its socket closed: a handshake
 * never answered, no audio after the text, or a gap mid-sentence.
 */
class ElevenLabsStalledStreamTimesOutTest {
    private static final ElevenLabsSpeechClient.Limits LIMITS = new ElevenLabsSpeechClient.Limits(Duration.ofMillis(800),
            Duration.ofMillis(600), Duration.ofMillis(400), Duration.ofMinutes(5));
    private final ElevenLabsFixture f = new ElevenLabsFixture(LIMITS);

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void noAudioAtAll() throws Exception {
        f.fake.enqueue(Reply.speech(1).stall());
        long start = System.nanoTime();
        SpeechFixture.Started s = f.speak("Hello.", AudioFormat.PCMU_8K);
        EngineFailure e = s.recorder().failed.get(5, TimeUnit.SECONDS);
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.println(e.getMessage() + " (after " + ms + " ms)");
        assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(e.getMessage()).isEqualTo("ElevenLabs: no audio within 600 ms of the text");
        assertThat(e.audioMillis()).isZero();
        assertThat(ms).isBetween(550L, 3000L);
        f.served(0).closed().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void stallMidSentence() throws Exception {
        f.fake.enqueue(Reply.speech(2).millis(300).stall());
        SpeechFixture.Started s = f.speak("Hello.", AudioFormat.L16_16K);
        EngineFailure e = s.recorder().failed.get(5, TimeUnit.SECONDS);
        System.out.println(e.getMessage());
        assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(e.getMessage()).contains("nothing for 400 ms mid-stream after");
        assertThat(e.audioMillis()).isEqualTo(s.recorder().millis()).isBetween(280L, 300L);
        f.served(0).closed().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void handshakeNeverAnswered() throws Exception {
        CompletableFuture<Void> peerClosed = new CompletableFuture<>();
        NetServer silent = f.vertx.createNetServer().connectHandler(socket -> socket.closeHandler(v -> peerClosed.complete(null)));
        silent.listen(0, "127.0.0.1").await();
        ElevenLabsSpeechClient client = new ElevenLabsSpeechClient(f.vertx, new ElevenLabsSpeechClient.Settings(
                URI.create("ws://127.0.0.1:" + silent.actualPort() + "/v1"), null, ElevenLabsFixture.MODEL, ElevenLabsFixture.VOICE, LIMITS),
                TextToSpeechMetrics.NONE);
        SpeechRecorder r = new SpeechRecorder();
        r.expected = f.context;
        long start = System.nanoTime();
        f.context.runOnContext(v -> client.speak("Hello.", null, AudioFormat.PCMU_8K, r));
        EngineFailure e = r.failed.get(5, TimeUnit.SECONDS);
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.println(e.getMessage() + " (after " + ms + " ms)");
        assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(e.getMessage()).endsWith("did not open the stream within 800 ms");
        assertThat(ms).isBetween(750L, 3000L);
        // Vert.x's own handshake timeout, a second later, lets the connection go.
        peerClosed.get(5, TimeUnit.SECONDS);
        assertThat(r.afterTheEnd).isZero();
        client.close().await();
        silent.close().await();
    }
}
