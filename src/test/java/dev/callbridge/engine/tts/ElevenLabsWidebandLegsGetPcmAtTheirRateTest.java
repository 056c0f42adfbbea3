package dev.callbridge.engine.tts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.callbridge.audio.AudioFormat;
import dev.callbridge.audio.Encoding;
import dev.callbridge.engine.tts.FakeElevenLabs.Reply;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An L16 leg asks for raw PCM at its own rate ({@code pcm_16000} for a 16 kHz leg) and gets it in
 * whole 640-byte frames, byte for byte as sent even when the messages split samples in half; a
 * G.711 leg at a wideband rate, which ElevenLabs has no format for, gets that rate's PCM encoded
 * here, pitch intact.
 */
class ElevenLabsWidebandLegsGetPcmAtTheirRateTest {
    private final ElevenLabsFixture f = new ElevenLabsFixture();

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void l16At16kHz() throws Exception {
        for (long seed = 1; seed <= 5; seed++) {
            int n = f.fake.served().size();
            f.fake.enqueue(Reply.speech(seed).hz(440).millis(400).millis(610));
            SpeechFixture.Started s = f.speak("Your table is booked for eight.", AudioFormat.L16_16K);
            s.recorder().ended.get(10, TimeUnit.SECONDS);
            SpeechRecorder r = s.recorder();
            FakeElevenLabs.Served served = f.served(n);
            String as = "seed " + seed;
            assertThat(served.query.get("output_format")).isEqualTo("pcm_16000");
            assertThat(r.wrongContext).as(as).isNull();
            assertThat(r.frames).as(as).allSatisfy(frame -> {
                assertThat(frame.format()).isEqualTo(AudioFormat.L16_16K);
                assertThat(frame.data()).hasSize(640);
            });
            byte[] sent = served.audioSent();
            assertThat(sent).hasSize(32_320);
            assertThat(r.millis()).as(as).isEqualTo(1020);
            assertThat(Arrays.copyOf(r.audio(), sent.length)).as(as + ": byte for byte").isEqualTo(sent);
            assertThat(ToneMeter.hz(AudioFormat.L16_16K, r.audio())).as(as + ": pitch").isCloseTo(440, within(4.4));
        }
    }

    @Test
    void mulawAt16kHzIsEncodedHere() throws Exception {
        AudioFormat leg = new AudioFormat(Encoding.PCMU, 16_000);
        f.fake.enqueue(Reply.speech(3).hz(1000).millis(600));
        SpeechFixture.Started s = f.speak("One moment.", leg);
        s.recorder().ended.get(10, TimeUnit.SECONDS);
        assertThat(f.served(0).query.get("output_format")).isEqualTo("pcm_16000");
        assertThat(s.recorder().frames).allSatisfy(frame -> assertThat(frame.data()).hasSize(320));
        assertThat(s.recorder().millis()).isEqualTo(600);
        double hz = ToneMeter.hz(leg, s.recorder().audio());
        System.out.printf("μ-law 16 kHz: tone %.1f Hz measured%n", hz);
        assertThat(hz).isCloseTo(1000, within(10.0));
    }
}
