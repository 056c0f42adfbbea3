package dev.callbridge.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sine sweeps through every rate pair: the band up to 0.425 × the lower rate (3.4 kHz for
 * 8 kHz) passes within 1 dB; above 0.55 × the lower rate (4.4 kHz) nothing comes through
 * louder than -40 dB, whether as aliases (down) or as images (up).
 */
class ResamplerFrequencyResponseTest {
    private static final double AMPLITUDE = 10000;

    static Stream<Arguments> ratePairs() {
        int[] rates = {8000, 16000, 22050, 24000};
        Stream.Builder<Arguments> pairs = Stream.builder();
        for (int from : rates) for (int to : rates) if (from != to) pairs.add(Arguments.of(from, to));
        return pairs.build();
    }

    @ParameterizedTest(name = "{0} → {1} Hz")
    @MethodSource("ratePairs")
    void passbandIsFlatWithinOneDecibel(int from, int to) {
        double edge = 0.425 * Math.min(from, to);
        for (double f = 50; f <= edge; f += edge / 40) {
            short[] out = resample(from, to, f);
            double gainDb = Tones.db(Tones.amplitudeAt(out, to / 50, out.length - to / 50, to, f) / AMPLITUDE);
            assertThat(gainDb).as("gain at %.0f Hz", f).isBetween(-1.0, 1.0);
        }
    }

    @ParameterizedTest(name = "{0} → {1} Hz")
    @MethodSource("ratePairs")
    void downsamplingRejectsWhatWouldAlias(int from, int to) {
        if (to > from) return;
        // Every output sample of a tone above the stop edge is alias: measure all of it.
        for (double f = 0.55 * to; f < from / 2.0 - 20; f += 100) {
            short[] out = resample(from, to, f);
            double rejectionDb = Tones.db(Tones.rms(out, to / 50, out.length) * Math.sqrt(2) / AMPLITUDE);
            assertThat(rejectionDb).as("leak of a %.0f Hz tone", f).isLessThan(-40);
        }
    }

    @ParameterizedTest(name = "{0} → {1} Hz")
    @MethodSource("ratePairs")
    void upsamplingRejectsImages(int from, int to) {
        if (to < from) return;
        int factor = to / gcd(from, to); // images of f sit at k·(from) ± f on the up-sampled grid
        for (double f = 50; f < from / 2.0; f += 100) {
            short[] out = resample(from, to, f);
            for (int k = 1; k <= factor; k++) {
                for (double image : new double[] {k * (double) from - f, k * (double) from + f}) {
                    if (image < 0.55 * from || image >= to / 2.0) continue;
                    double levelDb = Tones.db(Tones.amplitudeAt(out, to / 50, out.length - to / 50, to, image) / AMPLITUDE);
                    assertThat(levelDb).as("image of %.0f Hz at %.0f Hz", f, image).isLessThan(-40);
                }
            }
        }
    }

    /** Half a second of the tone at {@code from}, resampled to {@code to}, in 20 ms frames. */
    private static short[] resample(int from, int to, double frequency) {
        byte[] in = Tones.sine(from, frequency, AMPLITUDE, from / 2);
        Resampler resampler = Resampler.create(from, to);
        var out = new java.io.ByteArrayOutputStream();
        int frame = from / 50 * 2;
        for (int i = 0; i < in.length; i += frame) out.writeBytes(resampler.process(java.util.Arrays.copyOfRange(in, i, i + frame)));
        return Pcm16.toShorts(out.toByteArray());
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
