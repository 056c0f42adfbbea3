package dev.callbridge.audio;

/**
 * G.711 μ-law and A-law, table-driven. Decoding uses 256-entry tables built from the
 * classic Sun algorithm (identical to the tables in protocols/rtp.md); encoding uses
 * 64 Ki-entry tables indexed by the unsigned 16-bit sample, so both directions are one
 * array load per sample.
 */
public final class G711 {
    private static final int BIAS = 0x84;
    private static final int CLIP = 32635;

    private static final short[] ULAW_TO_LINEAR = new short[256];
    private static final short[] ALAW_TO_LINEAR = new short[256];
    private static final byte[] LINEAR_TO_ULAW = new byte[65536];
    private static final byte[] LINEAR_TO_ALAW = new byte[65536];

    static {
        for (int code = 0; code < 256; code++) {
            ULAW_TO_LINEAR[code] = (short) ulawDecode(code);
            ALAW_TO_LINEAR[code] = (short) alawDecode(code);
        }
        for (int i = 0; i < 65536; i++) {
            short sample = (short) i;
            LINEAR_TO_ULAW[i] = (byte) ulawEncode(sample);
            LINEAR_TO_ALAW[i] = (byte) alawEncode(sample);
        }
    }

    private G711() {}

    public static short ulawToLinear(byte code) {
        return ULAW_TO_LINEAR[code & 0xFF];
    }

    public static short alawToLinear(byte code) {
        return ALAW_TO_LINEAR[code & 0xFF];
    }

    public static byte linearToUlaw(short sample) {
        return LINEAR_TO_ULAW[sample & 0xFFFF];
    }

    public static byte linearToAlaw(short sample) {
        return LINEAR_TO_ALAW[sample & 0xFFFF];
    }

    /** μ-law bytes → PCM16 little-endian. */
    public static byte[] ulawToPcm16(byte[] ulaw) {
        return expand(ulaw, ULAW_TO_LINEAR);
    }

    /** A-law bytes → PCM16 little-endian. */
    public static byte[] alawToPcm16(byte[] alaw) {
        return expand(alaw, ALAW_TO_LINEAR);
    }

    /** PCM16 little-endian → μ-law bytes. */
    public static byte[] pcm16ToUlaw(byte[] pcm) {
        return compress(pcm, LINEAR_TO_ULAW);
    }

    /** PCM16 little-endian → A-law bytes. */
    public static byte[] pcm16ToAlaw(byte[] pcm) {
        return compress(pcm, LINEAR_TO_ALAW);
    }

    private static byte[] expand(byte[] codes, short[] table) {
        byte[] pcm = new byte[codes.length * 2];
        for (int i = 0, o = 0; i < codes.length; i++, o += 2) {
            short s = table[codes[i] & 0xFF];
            pcm[o] = (byte) s;
            pcm[o + 1] = (byte) (s >> 8);
        }
        return pcm;
    }

    private static byte[] compress(byte[] pcm, byte[] table) {
        if ((pcm.length & 1) != 0) throw new IllegalArgumentException("PCM16 needs an even byte count, got " + pcm.length);
        byte[] codes = new byte[pcm.length / 2];
        for (int i = 0, o = 0; o < codes.length; i += 2, o++) {
            codes[o] = table[(pcm[i] & 0xFF) | ((pcm[i + 1] & 0xFF) << 8)];
        }
        return codes;
    }

    private static int ulawDecode(int code) {
        int u = ~code & 0xFF;
        int t = ((u & 0x0F) << 3) + BIAS;
        t <<= (u & 0x70) >> 4;
        return (u & 0x80) != 0 ? (BIAS - t) : (t - BIAS);
    }

    private static int alawDecode(int code) {
        int a = code ^ 0x55;
        int t = (a & 0x0F) << 4;
        int seg = (a & 0x70) >> 4;
        switch (seg) {
            case 0 -> t += 8;
            case 1 -> t += 0x108;
            default -> {
                t += 0x108;
                t <<= seg - 1;
            }
        }
        return (a & 0x80) != 0 ? t : -t;
    }

    private static int segment(int magnitude) {
        int seg = 0;
        for (int end = 0xFF; seg < 8 && magnitude > end; seg++) end = (end << 1) | 1;
        return seg;
    }

    private static int ulawEncode(short sample) {
        int x = sample;
        int mask;
        if (x < 0) {
            x = BIAS - x;
            mask = 0x7F;
        } else {
            x += BIAS;
            mask = 0xFF;
        }
        if (x > CLIP + BIAS) x = CLIP + BIAS;
        int seg = segment(x);
        if (seg >= 8) return 0x7F ^ mask;
        int uval = (seg << 4) | ((x >> (seg + 3)) & 0x0F);
        return uval ^ mask;
    }

    private static int alawEncode(short sample) {
        int x = sample;
        int mask;
        if (x >= 0) {
            mask = 0xD5;
        } else {
            mask = 0x55;
            x = -x - 8;
            if (x < 0) x = 0;
        }
        int seg = segment(x);
        if (seg >= 8) return 0x7F ^ mask;
        int aval = seg << 4;
        aval |= seg < 2 ? (x >> 4) & 0x0F : (x >> (seg + 3)) & 0x0F;
        return aval ^ mask;
    }
}
