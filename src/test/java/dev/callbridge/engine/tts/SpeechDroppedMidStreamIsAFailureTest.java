package dev.callbridge.engine.tts;

import dev.callbridge.engine.EngineFailure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.audio.AudioFormat;
import dev.callbridge.engine.tts.FakeSpeechServer.Reply;
import dev.callbridge.engine.EngineFailure.Kind;
import dev.callbridge.engine.EngineFailure.Engine;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A connection that breaks mid-sentence is a failure, not an end, and it says how much audio had arrived. */
class SpeechDroppedMidStreamIsAFailureTest {
    private final SpeechFixture f = new SpeechFixture();

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void dropAfterHalfASecond() throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            f.fake.enqueue(Reply.pcm(seed).millis(500).drop());
            SpeechFixture.Started s = f.speak("Your order has shipped.", AudioFormat.PCMU_8K);
            EngineFailure e = s.recorder().failed.get(5, TimeUnit.SECONDS);
            System.out.println(e.getMessage());
            assertThat(e.kind()).isEqualTo(Kind.DROPPED);
            assertThat(e.isTransient()).isTrue();
            assertThat(e.audioMillis()).isEqualTo(s.recorder().millis()).isBetween(480L, 500L);
            assertThat(e.getMessage()).contains("after " + e.audioMillis() + " ms of audio (24000 bytes of PCM)");
            assertThat(s.recorder().ended).isNotDone();
        }
    }
}
