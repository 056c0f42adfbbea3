package dev.callbridge.sim;

import java.util.Arrays;

/**
 * What each load-test caller says when the server answers rather than echoes (the pipeline agent):
 * an utterance, then a pause long enough for the agent's answer, over and over, as μ-law 8 kHz
 * in 20 ms frames. A voice activity detector hears one turn per repetition. Each call starts at
 * its own point of the loop, so the calls' turns spread over the loop instead of ending together.
 */
public record SpeechLoop(byte[] ulaw) {
    static final int FRAME_BYTES = 160;
    private static final byte ULAW_SILENCE = (byte) 0xFF;

    public SpeechLoop {
        if (ulaw.length < FRAME_BYTES) throw new IllegalArgumentException("the caller's audio is shorter than one 20 ms frame");
    }

    /** {@code utterance} (μ-law 8 kHz) then {@code pauseMillis} of line silence, cut to whole frames. */
    public static SpeechLoop of(byte[] utterance, int pauseMillis) {
        if (pauseMillis < 0) throw new IllegalArgumentException("--pause-ms must not be negative, got " + pauseMillis);
        int length = (utterance.length + pauseMillis * 8) / FRAME_BYTES * FRAME_BYTES;
        byte[] loop = Arrays.copyOf(utterance, Math.max(length, FRAME_BYTES));
        Arrays.fill(loop, Math.min(utterance.length, loop.length), loop.length, ULAW_SILENCE);
        return new SpeechLoop(loop);
    }

    public int frames() {
        return ulaw.length / FRAME_BYTES;
    }

    public long millis() {
        return frames() * 20L;
    }

    /** The loop's frame {@code index} (any non-negative number; it wraps), copied into {@code frame}. */
    void copyFrame(long index, byte[] frame) {
        int at = (int) (index % frames()) * FRAME_BYTES;
        System.arraycopy(ulaw, at, frame, 0, FRAME_BYTES);
    }

    /** Where call {@code index} of {@code calls} starts: evenly spread over one loop. */
    long startFrame(int index, int calls) {
        return calls <= 1 ? 0 : (long) index * frames() / calls;
    }
}
