package dev.callbridge.agent;

/**
 * An answer of the agent as the caller hears it: still playing until the leg has confirmed its
 * last chunk as heard. Realtime answers and pipeline replies both are one; the hang-up after a
 * goodbye waits on it ({@link HangUpAfterGoodbye}).
 */
public interface SpokenAnswer {
    /** Some of its audio has gone out and not yet been confirmed as heard. */
    boolean stillPlaying();

    /**
     * When, on the call's timeline, the listener began hearing an answer whose confirmations reach
     * {@code nowMs}: its heard audio counted back from there (gaps between pieces make that a little
     * late), but never before its first audio went out at {@code audioStartedMs} (-1: not yet), since
     * a leg may confirm faster than it plays. The transcript's {@code startMs} for an agent's turn.
     */
    static long heardSince(long nowMs, long audioStartedMs, long heardMicros) {
        return Math.max(Math.max(0, audioStartedMs), nowMs - heardMicros / 1000);
    }
}
