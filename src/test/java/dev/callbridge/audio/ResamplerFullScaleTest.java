package dev.callbridge.audio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Full-scale input saturates cleanly: the fixed-point sum never wraps around. */
class ResamplerFullScaleTest {

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> ratePairs() {
        return ResamplerFrequencyResponseTest.ratePairs();
    }

    @ParameterizedTest(name = "{0} → {1} Hz")
    @MethodSource("ratePairs")
    void fullScaleSineComesOutAtFullScale(int from, int to) {
        short[] out = Pcm16.toShorts(Resampler.create(from, to).process(Tones.sine(from, 1000, 32767, from)));
        int settle = to / 50;
        assertThat(Tones.db(Tones.amplitudeAt(out, settle, out.length, to, 1000) / 32767)).isBetween(-0.1, 0.1);
        // All the power is the tone's: saturation or wrap-around garbage would add to it.
        assertThat(Tones.db(Tones.rms(out, settle, out.length) * Math.sqrt(2) / 32767)).isBetween(-0.1, 0.1);
    }

    @ParameterizedTest(name = "{0} → {1} Hz")
    @MethodSource("ratePairs")
    void fullScaleSquareWaveStaysOnTheRightSide(int from, int to) {
        // 100 Hz at any rate, including 22.05 kHz's period of 220.5 samples.
        short[] square = new short[from];
        for (int n = 0; n < square.length; n++) square[n] = (n * 200L / from) % 2 == 0 ? Short.MAX_VALUE : Short.MIN_VALUE;
        short[] out = Pcm16.toShorts(Resampler.create(from, to).process(Pcm16.fromShorts(square)));
        double half = to / 200.0;
        // Sample the middle of each half period of the (slightly delayed) output: full scale, right sign.
        for (int k = 2; (k + 2) * half <= out.length; k++) {
            int middle = (int) Math.round((k + 0.5) * half);
            boolean high = k % 2 == 0;
            assertThat(Math.abs(out[middle])).as("sample %d", middle).isGreaterThan(32000);
            assertThat(out[middle] > 0).as("sign of sample %d", middle).isEqualTo(high);
        }
    }

    @ParameterizedTest(name = "{0} → {1} Hz")
    @MethodSource("ratePairs")
    void theWorstCaseInputForEveryPhaseClampsInsteadOfWrapping(int from, int to) {
        PolyphaseFilter filter = PolyphaseFilter.forRates(from, to);
        int taps = filter.taps();
        // Outputs late enough that their whole window is input, one per phase.
        int first = taps * filter.up();
        for (int outputIndex = first; outputIndex < first + filter.up(); outputIndex++) {
            long position = (long) outputIndex * filter.down();
            int last = (int) (position / filter.up()); // newest input sample this output reads
            int phase = (int) (position % filter.up());
            for (int sign : new int[] {1, -1}) {
                short[] in = new short[last + 1];
                for (int k = 0; k < taps; k++) {
                    int c = filter.coefficients()[phase * taps + k];
                    in[last - taps + 1 + k] = (c >= 0) == (sign > 0) ? Short.MAX_VALUE : Short.MIN_VALUE;
                }
                short[] out = Pcm16.toShorts(Resampler.create(from, to).process(Pcm16.fromShorts(in)));
                assertThat(out[outputIndex]).as("phase %d, sign %d", phase, sign)
                        .isEqualTo(sign > 0 ? Short.MAX_VALUE : Short.MIN_VALUE);
            }
        }
    }
}
