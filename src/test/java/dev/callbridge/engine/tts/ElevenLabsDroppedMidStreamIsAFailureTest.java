package dev.callbridge.engine.tts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.audio.AudioFormat;
import dev.callbridge.engine.EngineFailure;
import dev.callbridge.engine.EngineFailure.Kind;
import dev.callbridge.engine.tts.FakeElevenLabs.Reply;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A connection reset mid-sentence (no close frame) is a transient failure that says how much was heard. */
class ElevenLabsDroppedMidStreamIsAFailureTest {
    private final ElevenLabsFixture f = new ElevenLabsFixture();

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void dropAfterHalfASecond() throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            f.fake.enqueue(Reply.speech(seed).millis(500).drop());
            long start = System.nanoTime();
            SpeechFixture.Started s = f.speak("Your order has shipped.", seed == 2 ? AudioFormat.L16_16K : AudioFormat.PCMU_8K);
            EngineFailure e = s.recorder().failed.get(5, TimeUnit.SECONDS);
            System.out.println(e.getMessage() + " (after " + (System.nanoTime() - start) / 1_000_000 + " ms; first audio after "
                    + (s.recorder().firstAudioAt.getNow(0L) - start) / 1_000_000 + " ms)");
            assertThat(e.kind()).isEqualTo(Kind.DROPPED);
            assertThat(e.isTransient()).isTrue();
            assertThat(e.audioMillis()).isEqualTo(s.recorder().millis()).isBetween(480L, 500L);
            assertThat(e.getMessage()).contains("connection lost mid-stream after " + e.audioMillis() + " ms of audio ("
                    + (seed == 2 ? "16000 bytes of pcm_16000)" : "4000 bytes of ulaw_8000)"));
            assertThat(s.recorder().ended).isNotDone();
        }
    }
}
