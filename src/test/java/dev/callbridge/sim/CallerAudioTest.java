package dev.callbridge.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.audio.Encoding;
import dev.callbridge.audio.G711;
import org.junit.jupiter.api.Test;

class CallerAudioTest {

    @Test
    void bundledSampleIsAFewSecondsOfSpeechAtEightKilohertz() throws Exception {
        byte[] ulaw = CallerAudio.load(null);
        assertThat(ulaw.length / 8000.0).isBetween(2.5, 4.5);
        long loud = 0;
        for (byte b : ulaw) if (Math.abs(G711.ulawToLinear(b)) > 2000) loud++;
        assertThat(loud).as("speech, not silence").isGreaterThan(ulaw.length / 20);
    }

    @Test
    void sixteenKilohertzPcmIsResampledToHalfAsManyMuLawBytes() {
        byte[] pcm16k = new byte[16000 * 2]; // 1 s
        for (int i = 0; i < 16000; i++) {
            short s = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / 16000.0));
            pcm16k[2 * i] = (byte) s;
            pcm16k[2 * i + 1] = (byte) (s >> 8);
        }
        byte[] ulaw = CallerAudio.toUlaw8k(new AudioChunk(AudioFormat.L16_16K, pcm16k));
        assertThat(ulaw.length).isBetween(7900, 8000);
    }

    @Test
    void eightKilohertzMuLawPassesThroughUntouched() {
        byte[] ulaw = {1, 2, 3, 4};
        assertThat(CallerAudio.toUlaw8k(new AudioChunk(AudioFormat.PCMU_8K, ulaw))).isSameAs(ulaw);
    }

    @Test
    void unsupportedRateNamesTheSoxFix() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CallerAudio.toUlaw8k(new AudioChunk(new AudioFormat(Encoding.L16, 11025), new byte[4])))
                .withMessageContaining("11025 Hz").withMessageContaining("sox");
    }
}
