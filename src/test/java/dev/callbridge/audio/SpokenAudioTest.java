package dev.callbridge.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** FreeTTS speech for tests: words and pauses, at each rate the media path uses, the same every time. */
class SpokenAudioTest {
    private static final String TEXT = "Good evening. Table for four at eight, please.";

    @Test
    void aSentenceIsSecondsOfVoiceWithAPauseBetweenTheSentences() {
        short[] s = Pcm16.toShorts(SpokenAudio.pcm16(TEXT, 16_000));

        assertThat(s.length / 16_000.0).as("seconds").isBetween(2.0, 5.0);
        int windows = s.length / 320, voiced = 0, quietRun = 0, longestPause = 0;
        for (int w = 0; w < windows; w++) {
            double rms = Tones.rms(s, w * 320, (w + 1) * 320);
            if (rms < 50) {
                quietRun++;
                continue;
            }
            // Sound ends a run of quiet; it was a pause only if voice came before it (not the leading silence).
            if (voiced > 0) longestPause = Math.max(longestPause, quietRun);
            quietRun = 0;
            if (rms > 500) voiced++;
        }
        assertThat(voiced).as("20 ms windows of voice, of %d", windows).isGreaterThan(windows * 2 / 5);
        assertThat(longestPause).as("20 ms windows of the pause after 'evening.'").isGreaterThanOrEqualTo(10);
    }

    @Test
    void eachRateHasTheSameSpeechForTheSameTime() {
        short[] at16 = Pcm16.toShorts(SpokenAudio.pcm16(TEXT, 16_000));
        short[] at8 = Pcm16.toShorts(SpokenAudio.pcm16(TEXT, 8_000));
        short[] at24 = Pcm16.toShorts(SpokenAudio.pcm16(TEXT, 24_000));

        assertThat(at8.length).isEqualTo(at16.length / 2);
        assertThat(at24.length).isEqualTo(at16.length * 3 / 2);
        // Telephone speech lives below 4 kHz: halving the rate keeps nearly all of its energy.
        double rms16 = Tones.rms(at16, 0, at16.length);
        assertThat(Tones.rms(at8, 0, at8.length) / rms16).isBetween(0.8, 1.0);
        assertThat(Tones.rms(at24, 0, at24.length) / rms16).isBetween(0.95, 1.05);
    }

    @Test
    void theSameTextGivesTheSameSamplesAndOtherTextOthers() {
        assertThat(SpokenAudio.pcm16(TEXT, 8_000)).isEqualTo(SpokenAudio.pcm16(TEXT, 8_000));
        assertThat(SpokenAudio.pcm16("Goodbye.", 8_000).length).isLessThan(SpokenAudio.pcm16(TEXT, 8_000).length / 2);
    }

    @Test
    void aChunkInMuLawIsTheSpeechG711Coded() {
        byte[] pcm = SpokenAudio.pcm16(TEXT, 8_000);
        AudioChunk ulaw = SpokenAudio.chunk(TEXT, AudioFormat.PCMU_8K);

        assertThat(ulaw.format()).isEqualTo(AudioFormat.PCMU_8K);
        assertThat(ulaw.data()).isEqualTo(G711.pcm16ToUlaw(pcm));
    }

    @Test
    void aRateTheResamplerCannotMakeIsRefusedByName() {
        assertThatThrownBy(() -> SpokenAudio.pcm16(TEXT, 44_100))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("44100");
    }
}
