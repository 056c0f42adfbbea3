package dev.callbridge.engine.tts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.audio.AudioFormat;
import dev.callbridge.engine.tts.FakeSpeechServer.Reply;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Audio is played as it arrives, not after the server has finished: with the second half of the
 * sentence a second away, the first frames are already with the listener.
 */
class FirstSpeechAudioArrivesBeforeTheResponseEndsTest {
    private final SpeechFixture f = new SpeechFixture();

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void firstFramesComeWhileTheServerIsStillSpeaking() throws Exception {
        f.fake.enqueue(Reply.pcm(7).millis(200).pause(1500).millis(200));
        long start = System.nanoTime();
        SpeechFixture.Started s = f.speak("Let me check that for you.", AudioFormat.PCMU_8K);
        long firstAt = s.recorder().firstAudioAt.get(5, TimeUnit.SECONDS);
        assertThat(f.fake.served()).hasSize(1);
        boolean serverDone = f.fake.served().get(0).finished().isComplete();
        long heard = s.recorder().millis();
        System.out.printf("first audio after %d ms; %d ms of audio delivered by then; server finished by then: %s%n",
                (firstAt - start) / 1_000_000, heard, serverDone);
        assertThat(serverDone).as("the response was still going when the first audio arrived").isFalse();
        s.recorder().ended.get(5, TimeUnit.SECONDS);
        assertThat(s.recorder().millis()).isEqualTo(400);
    }
}
