package dev.callbridge.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** A stream gives the same samples however it is cut into chunks, and exactly as many as the rate ratio says. */
class ResamplerStreamingTest {

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> ratePairs() {
        return ResamplerFrequencyResponseTest.ratePairs();
    }

    @ParameterizedTest(name = "{0} → {1} Hz")
    @MethodSource("ratePairs")
    void every20msFrameGivesExactly20msOut(int from, int to) {
        Resampler resampler = Resampler.create(from, to);
        byte[] frame = Tones.sine(from, 440, 8000, from / 50);
        for (int i = 0; i < 100; i++) {
            assertThat(resampler.process(frame)).as("frame %d", i).hasSize(to / 50 * 2);
        }
    }

    @ParameterizedTest(name = "{0} → {1} Hz")
    @MethodSource("ratePairs")
    void anyChunkingGivesTheSameSamplesAsOnePiece(int from, int to) {
        byte[] signal = noiseAndTones(from, 3 * from);
        byte[] whole = Resampler.create(from, to).process(signal);

        Random random = new Random(from * 31L + to);
        Resampler chunked = Resampler.create(from, to);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long samplesIn = 0;
        for (int pos = 0; pos < signal.length; ) {
            int samples = random.nextInt(5) == 0 ? random.nextInt(3) : random.nextInt(1200); // includes empty and 1-sample chunks
            int end = Math.min(signal.length, pos + 2 * samples);
            out.writeBytes(chunked.process(Arrays.copyOfRange(signal, pos, end)));
            samplesIn += (end - pos) / 2;
            pos = end;
            // Never more than one sample ahead of or behind the ideal count, at any point of the stream.
            assertThat((long) out.size() / 2).isEqualTo(ceilDiv(samplesIn * to, from));
        }
        assertThat(out.toByteArray()).isEqualTo(whole);
    }

    @Test
    void equalRatesPassTheArrayThrough() {
        byte[] pcm = Tones.sine(16000, 440, 8000, 320);
        assertThat(Resampler.create(16000, 16000).process(pcm)).isSameAs(pcm);
    }

    @Test
    void refusesUnsupportedRatesAndHalfSamples() {
        assertThatIllegalArgumentException().isThrownBy(() -> Resampler.create(44100, 8000)).withMessageContaining("44100");
        assertThatIllegalArgumentException().isThrownBy(() -> Resampler.create(8000, 16000).process(new byte[3]))
                .withMessageContaining("even");
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    private static byte[] noiseAndTones(int rate, int count) {
        Random random = new Random(7);
        short[] s = new short[count];
        for (int n = 0; n < count; n++) {
            double v = 9000 * Math.sin(2 * Math.PI * 300 * n / rate) + 6000 * Math.sin(2 * Math.PI * 3100 * n / rate)
                    + 4000 * random.nextGaussian();
            s[n] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v)));
        }
        return Pcm16.fromShorts(s);
    }
}
