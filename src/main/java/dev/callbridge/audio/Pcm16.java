package dev.callbridge.audio;

/**
 * Signed 16-bit PCM in byte arrays. In-process audio is little-endian ({@link Encoding#L16});
 * RTP L16/slin16 is big-endian (RFC 3551), hence {@link #swapByteOrder}.
 */
public final class Pcm16 {
    private Pcm16() {}

    /** Little-endian bytes → samples. */
    public static short[] toShorts(byte[] pcm16le) {
        requireEven(pcm16le);
        short[] samples = new short[pcm16le.length / 2];
        for (int i = 0, b = 0; i < samples.length; i++, b += 2) {
            samples[i] = (short) ((pcm16le[b] & 0xFF) | (pcm16le[b + 1] << 8));
        }
        return samples;
    }

    /** Samples → little-endian bytes. */
    public static byte[] fromShorts(short[] samples) {
        byte[] pcm = new byte[samples.length * 2];
        for (int i = 0, b = 0; i < samples.length; i++, b += 2) {
            pcm[b] = (byte) samples[i];
            pcm[b + 1] = (byte) (samples[i] >> 8);
        }
        return pcm;
    }

    /** A copy with the two bytes of every sample exchanged: little-endian ⇄ big-endian. */
    public static byte[] swapByteOrder(byte[] pcm16) {
        requireEven(pcm16);
        byte[] swapped = new byte[pcm16.length];
        for (int b = 0; b < pcm16.length; b += 2) {
            swapped[b] = pcm16[b + 1];
            swapped[b + 1] = pcm16[b];
        }
        return swapped;
    }

    static void requireEven(byte[] pcm16) {
        if ((pcm16.length & 1) != 0) {
            throw new IllegalArgumentException("PCM16 needs an even byte count, got " + pcm16.length);
        }
    }
}
