package dev.callbridge.sim;

import java.util.SplittableRandom;

/**
 * Load-test media payloads that identify themselves, so an echoed frame can be matched to the
 * frame that caused it: bytes 0–3 a magic, 4–7 the call index, 8–11 the frame sequence
 * (big-endian); the rest is quiet μ-law noise, which sounds like a line rather than a tone.
 */
public final class ProbePayload {
    public static final int FRAME_BYTES = 160;
    static final int HEADER_BYTES = 12;
    private static final int MAGIC = 0x43424C54; // "CBLT"
    /** Quiet μ-law codes either side of zero (0xFF and 0x7F decode to ±0). */
    private static final byte[] QUIET_CODES = {(byte) 0xFF, (byte) 0xFE, (byte) 0xFD, 0x7F, 0x7E, 0x7D};

    private ProbePayload() {}

    /** A fresh frame for a call: noise body, header left to {@link #stamp}. Reuse it for every frame. */
    public static byte[] newFrame(long noiseSeed) {
        byte[] frame = new byte[FRAME_BYTES];
        SplittableRandom random = new SplittableRandom(noiseSeed);
        for (int i = HEADER_BYTES; i < frame.length; i++) frame[i] = QUIET_CODES[random.nextInt(QUIET_CODES.length)];
        return frame;
    }

    /** Writes the header into {@code frame}'s first 12 bytes. */
    public static void stamp(byte[] frame, int callIndex, int sequence) {
        putInt(frame, 0, MAGIC);
        putInt(frame, 4, callIndex);
        putInt(frame, 8, sequence);
    }

    /** True when the payload starts with a probe header. */
    public static boolean isProbe(byte[] payload) {
        return payload.length >= HEADER_BYTES && getInt(payload, 0) == MAGIC;
    }

    public static int callIndex(byte[] payload) {
        return getInt(payload, 4);
    }

    public static int sequence(byte[] payload) {
        return getInt(payload, 8);
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private static int getInt(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }
}
