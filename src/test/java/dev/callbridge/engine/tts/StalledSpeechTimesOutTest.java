package dev.callbridge.engine.tts;

import dev.callbridge.engine.EngineFailure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.audio.AudioFormat;
import dev.callbridge.engine.tts.FakeSpeechServer.Reply;
import dev.callbridge.engine.EngineFailure.Kind;
import dev.callbridge.engine.EngineFailure.Engine;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A server that goes quiet, before the first byte or between two pieces, fails the synthesis as a timeout and has its connection closed. */
class StalledSpeechTimesOutTest {
    private final SpeechFixture f = new SpeechFixture(new OpenAiSpeechClient.Limits(Duration.ofSeconds(2), Duration.ofMillis(600),
            Duration.ofMillis(400), Duration.ofMinutes(5)));

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void noAudioAtAll() throws Exception {
        f.fake.enqueue(Reply.pcm(1).stall());
        long start = System.nanoTime();
        SpeechFixture.Started s = f.speak("Hello.", AudioFormat.PCMU_8K);
        EngineFailure e = s.recorder().failed.get(5, TimeUnit.SECONDS);
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.println(e.getMessage() + " (after " + ms + " ms)");
        assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(e.audioMillis()).isZero();
        assertThat(ms).isBetween(550L, 3000L);
        f.fake.served().get(0).connectionClosed().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void stallMidSentence() throws Exception {
        f.fake.enqueue(Reply.pcm(2).millis(300).stall());
        SpeechFixture.Started s = f.speak("Hello.", AudioFormat.L16_16K);
        EngineFailure e = s.recorder().failed.get(5, TimeUnit.SECONDS);
        System.out.println(e.getMessage());
        assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(e.getMessage()).contains("nothing for 400 ms mid-stream after");
        assertThat(e.audioMillis()).isEqualTo(s.recorder().millis()).isBetween(280L, 300L);
        f.fake.served().get(0).connectionClosed().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
