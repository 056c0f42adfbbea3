package dev.callbridge.engine.tts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.audio.AudioFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What comes out is speech, roughly, not noise, a tone or garbled samples (a byte off in the WAV
 * stream would be loud noise): much of its loud part is voiced at a man's pitch (espeak-ng's
 * default voices are male), and its energy rises and falls about once a syllable.
 */
class EspeakSpeechSoundsLikeSpeechTest {
    private final EspeakFixture f = new EspeakFixture();

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void voicedAtAHumanPitchWithSyllableBursts() throws Exception {
        for (AudioFormat leg : new AudioFormat[] {AudioFormat.L16_16K, AudioFormat.PCMU_8K}) {
            SpeechRecorder r = f.spoken("Hello, how can I help you today?", "en", leg);
            SpeechMeter meter = new SpeechMeter(leg, r.audio());
            List<Double> pitches = meter.voicedPitches();
            double voiced = (double) pitches.size() / meter.loudWindows();
            double pitch = SpeechMeter.median(pitches);
            int bursts = meter.bursts();
            System.out.printf("%s: %.0f%% of %d loud windows voiced, median pitch %.0f Hz, %d bursts%n", leg, 100 * voiced, meter.loudWindows(), pitch, bursts);
            assertThat(voiced).as(leg + ": voiced share of the loud part").isGreaterThan(0.4);
            assertThat(pitch).as(leg + ": median pitch").isBetween(80.0, 200.0);
            assertThat(bursts).as(leg + ": syllable-like bursts in ten syllables").isBetween(4, 16);
        }
    }

    @Test
    void whiteNoiseFailsTheSameChecks() {
        // The checks above are not so loose that anything passes.
        java.util.Random random = new java.util.Random(7);
        short[] noise = new short[16000 * 2];
        for (int i = 0; i < noise.length; i++) noise[i] = (short) (random.nextGaussian() * 3000);
        SpeechMeter meter = new SpeechMeter(AudioFormat.L16_16K, dev.callbridge.audio.Pcm16.fromShorts(noise));
        assertThat((double) meter.voicedPitches().size() / meter.loudWindows()).isLessThan(0.1);
        assertThat(meter.bursts()).isLessThan(4);
    }
}
