package dev.callbridge.engine.tts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.audio.AudioFormat;
import dev.callbridge.engine.EngineFailure;
import dev.callbridge.engine.EngineFailure.Kind;
import dev.callbridge.engine.tts.FakeElevenLabs.Reply;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A server that keeps talking past the length limit is cut there: the audio up to the limit, then a failure, and the socket closed. */
class ElevenLabsOverlongSpeechIsCutTest {
    private final ElevenLabsFixture f = new ElevenLabsFixture(new ElevenLabsSpeechClient.Limits(Duration.ofSeconds(2), Duration.ofSeconds(5),
            Duration.ofSeconds(5), Duration.ofSeconds(1)));

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void threeSecondsAgainstALimitOfOne() throws Exception {
        f.fake.enqueue(Reply.speech(3).millis(1000).pause(100).millis(2000));
        SpeechFixture.Started s = f.speak("A runaway answer.", AudioFormat.PCMU_8K);
        EngineFailure e = s.recorder().failed.get(5, TimeUnit.SECONDS);
        System.out.println(e.getMessage() + "; delivered " + s.recorder().millis() + " ms");
        assertThat(e.kind()).isEqualTo(Kind.TOO_LONG);
        assertThat(s.recorder().millis()).isBetween(1000L, 1020L);
        assertThat(e.audioMillis()).isEqualTo(s.recorder().millis());
        assertThat(s.recorder().afterTheEnd).isZero();
        f.served(0).closed().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(f.served(0).finished().isComplete()).as("cut before the server had finished").isFalse();
    }
}
