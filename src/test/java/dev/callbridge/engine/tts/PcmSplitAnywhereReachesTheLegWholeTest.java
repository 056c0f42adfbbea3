package dev.callbridge.engine.tts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link PcmToLeg} gives the same frames however the stream was cut: 16-bit samples split across
 * pieces are joined, and one-byte G.711 samples are never held back (a μ-law stream passed through
 * loses no byte, not even the last one).
 */
class PcmSplitAnywhereReachesTheLegWholeTest {

    @Test
    void l16AndMulawCutAtRandom() {
        check(AudioFormat.L16_16K, AudioFormat.L16_16K, 16_001);
        check(AudioFormat.PCMU_8K, AudioFormat.PCMU_8K, 8_003);
        check(AudioFormat.L16_24K, AudioFormat.PCMU_8K, 24_000);
    }

    private static void check(AudioFormat from, AudioFormat leg, int length) {
        byte[] stream = new byte[length];
        new Random(7).nextBytes(stream);
        byte[] whole = join(push(new PcmToLeg(from, leg), stream, new int[] {stream.length}));
        Random random = new Random(11);
        for (int trial = 0; trial < 50; trial++) {
            int[] cuts = new int[1 + random.nextInt(40)];
            for (int i = 0; i < cuts.length; i++) cuts[i] = 1 + random.nextInt(random.nextBoolean() ? 3 : 700);
            assertThat(join(push(new PcmToLeg(from, leg), stream, cuts))).as(from + " → " + leg + " trial " + trial).isEqualTo(whole);
        }
        if (from.equals(leg)) {
            int frameBytes = leg.bytesFor(20);
            int expected = (length / from.encoding().bytesPerSample() * from.encoding().bytesPerSample() + frameBytes - 1) / frameBytes * frameBytes;
            assertThat(whole).hasSize(expected);
        }
    }

    /** Pushes {@code stream} in pieces of the given sizes (cycled), then flushes. */
    private static List<AudioChunk> push(PcmToLeg converter, byte[] stream, int[] sizes) {
        List<AudioChunk> out = new java.util.ArrayList<>();
        int at = 0;
        for (int i = 0; at < stream.length; i++) {
            int n = Math.min(sizes[i % sizes.length], stream.length - at);
            byte[] piece = java.util.Arrays.copyOfRange(stream, at, at + n);
            at += n;
            out.addAll(converter.push(piece));
        }
        converter.flush().ifPresent(out::add);
        return out;
    }

    private static byte[] join(List<AudioChunk> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        frames.forEach(f -> out.writeBytes(f.data()));
        return out.toByteArray();
    }
}
