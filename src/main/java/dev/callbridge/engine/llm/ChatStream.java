package dev.callbridge.engine.llm;

/** One completion in flight. */
public interface ChatStream {
    /**
     * Stops the completion: the HTTP request is aborted (its connection closed) and the listener
     * hears nothing more, not even an end or a failure. Idempotent; a no-op once the stream has
     * ended. Call it on the context that started the stream: from there, "nothing after cancel"
     * is exact. From another thread it is still safe, but a callback already running may finish.
     */
    void cancel();
}
