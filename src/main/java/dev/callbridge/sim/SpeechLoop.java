package dev.callbridge.sim;

import dev.callbridge.audio.G711;
import java.util.Arrays;

/**
 * What each load-test caller says when the server answers rather than echoes (the pipeline agent):
 * an utterance, then a pause long enough for the agent's answer, over and over, as μ-law 8 kHz
 * in 20 ms frames. A voice activity detector hears one turn per repetition. Each call starts at
 * its own point of the loop, so the calls' turns spread over the loop instead of ending together.
 *
 * @param spokenFrames frames from the loop's start to the end of the utterance's last sound: the
 *                     moment the caller stops talking, from which the answer's latency is counted
 */
public record SpeechLoop(byte[] ulaw, int spokenFrames) {
    static final int FRAME_BYTES = 160;
    private static final byte ULAW_SILENCE = (byte) 0xFF;
    /** A frame whose loudest sample is below this (about −36 dBFS) is silence. */
    private static final int SOUND_PEAK = 500;

    public SpeechLoop {
        if (ulaw.length < FRAME_BYTES) throw new IllegalArgumentException("the caller's audio is shorter than one 20 ms frame");
    }

    /** {@code utterance} (μ-law 8 kHz) then {@code pauseMillis} of line silence, cut to whole frames. */
    public static SpeechLoop of(byte[] utterance, int pauseMillis) {
        if (pauseMillis < 0) throw new IllegalArgumentException("--pause-ms must not be negative, got " + pauseMillis);
        int length = (utterance.length + pauseMillis * 8) / FRAME_BYTES * FRAME_BYTES;
        byte[] loop = Arrays.copyOf(utterance, Math.max(length, FRAME_BYTES));
        Arrays.fill(loop, Math.min(utterance.length, loop.length), loop.length, ULAW_SILENCE);
        return new SpeechLoop(loop, spokenFrames(loop));
    }

    private static int spokenFrames(byte[] loop) {
        int end = 0;
        for (int f = 0; f < loop.length / FRAME_BYTES; f++) {
            for (int i = f * FRAME_BYTES; i < (f + 1) * FRAME_BYTES; i++) {
                if (Math.abs(G711.ulawToLinear(loop[i])) >= SOUND_PEAK) {
                    end = f + 1;
                    break;
                }
            }
        }
        if (end == 0) throw new IllegalArgumentException("the caller's audio is silent: a voice activity detector would hear nothing");
        return end;
    }

    /** Whether frame {@code index} (it wraps) is the last one with sound in it: the caller stops talking as it is sent. */
    boolean endsUtterance(long index) {
        return index % frames() == spokenFrames - 1;
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
