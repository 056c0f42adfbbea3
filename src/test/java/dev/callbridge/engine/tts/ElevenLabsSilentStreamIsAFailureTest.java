package dev.callbridge.engine.tts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.audio.AudioFormat;
import dev.callbridge.engine.EngineFailure;
import dev.callbridge.engine.EngineFailure.Kind;
import dev.callbridge.engine.tts.FakeElevenLabs.Reply;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A stream that ends properly but without a byte of audio (seen when a model cannot stream) is a
 * failure, not a silent success: otherwise the call's record would say a sentence was spoken that
 * the caller never heard.
 */
class ElevenLabsSilentStreamIsAFailureTest {
    private final ElevenLabsFixture f = new ElevenLabsFixture();

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void finalWithNoAudio() throws Exception {
        for (long seed = 1; seed <= 6; seed++) {
            f.fake.enqueue(Reply.speech(seed));
            SpeechFixture.Started s = f.speak("Hello.", AudioFormat.PCMU_8K);
            EngineFailure e = s.recorder().failed.get(5, TimeUnit.SECONDS);
            System.out.println(e.getMessage());
            assertThat(e.kind()).isEqualTo(Kind.STREAM_ERROR);
            assertThat(e.getMessage()).isEqualTo("ElevenLabs: the stream ended without any audio (model eleven_flash_v2_5, ulaw_8000)");
            assertThat(s.recorder().frames).isEmpty();
            assertThat(s.recorder().ended).isNotDone();
        }
    }
}
