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

/** A server that keeps talking past the length limit is cut there: the audio up to the limit, then a failure, and the connection closed. */
class OverlongSpeechIsCutTest {
    private final SpeechFixture f = new SpeechFixture(new OpenAiSpeechClient.Limits(Duration.ofSeconds(2), Duration.ofSeconds(5),
            Duration.ofSeconds(5), Duration.ofSeconds(1)));

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void threeSecondsAgainstALimitOfOne() throws Exception {
        f.fake.enqueue(Reply.pcm(3).millis(1000).pause(100).millis(2000).pause(200).millis(3000));
        SpeechFixture.Started s = f.speak("A runaway answer.", AudioFormat.PCMU_8K);
        EngineFailure e = s.recorder().failed.get(5, TimeUnit.SECONDS);
        System.out.println(e.getMessage() + "; delivered " + s.recorder().millis() + " ms");
        assertThat(e.kind()).isEqualTo(Kind.TOO_LONG);
        assertThat(s.recorder().millis()).isBetween(1000L, 1020L);
        assertThat(e.audioMillis()).isEqualTo(s.recorder().millis());
        assertThat(s.recorder().afterTheEnd).isZero();
        f.fake.served().get(0).connectionClosed().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(f.fake.served().get(0).finished()).as("cut before the server had finished").matches(fut -> !fut.isComplete());
    }
}
