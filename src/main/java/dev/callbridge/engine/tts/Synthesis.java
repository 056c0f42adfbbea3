package dev.callbridge.engine.tts;

/** One piece of speech in flight. */
public interface Synthesis {
    /**
     * Stops it mid-sentence: the engine's response or process is cut off and the listener hears
     * nothing more, not the rest of the audio, not an end, not a failure. Idempotent; a no-op once it
     * has ended. On the context that started it, "nothing after cancel" is exact; from another
     * thread it is still safe, but a callback already running may finish.
     */
    void cancel();
}
