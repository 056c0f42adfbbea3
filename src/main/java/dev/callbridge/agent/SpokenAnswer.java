package dev.callbridge.agent;

/**
 * An answer of the agent as the caller hears it: still playing until the leg has confirmed its
 * last chunk as heard. Realtime answers and pipeline replies both are one; the hang-up after a
 * goodbye waits on it ({@link HangUpAfterGoodbye}).
 */
public interface SpokenAnswer {
    /** Some of its audio has gone out and not yet been confirmed as heard. */
    boolean stillPlaying();
}
