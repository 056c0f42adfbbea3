package dev.callbridge.call;

/**
 * What a leg played to its party, reported for the call's recording. Called on the call's
 * context; implementations only hand the audio on and never block.
 */
public interface PlayoutTap {
    /**
     * {@code audio}, in the leg's format, began playing to the party at {@code startNanos}
     * ({@link System#nanoTime}). A leg that models a remote playout buffer may report a start
     * ahead of now. The array is only read during the call.
     */
    void played(byte[] audio, long startNanos);

    /** Playback was cut at {@code atNanos} (barge-in): audio reported as playing from then on was never heard. */
    void cut(long atNanos);
}
