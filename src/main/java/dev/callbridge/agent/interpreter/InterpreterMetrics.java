package dev.callbridge.agent.interpreter;

/** What every interpreted call adds to the gateway's metrics. Called on calls' contexts: implementations must not block. */
public interface InterpreterMetrics {
    /** The speaker stopped and, {@code nanos} later, the first interpreted audio went to the listener. */
    void firstAudio(long nanos);

    /**
     * The same first audio split by share, like the pipeline's turn: {@code stt} (the end of the first piece
     * to its text), {@code translate} (its translation request), {@code tts} (its translation sent to
     * synthesis to the first audio), and the rest of {@code total}, the gateway's own.
     */
    default void turn(long sttNanos, long translateNanos, long ttsNanos, long totalNanos) { }

    /** One translation request took {@code nanos} of the engine's time. */
    void translated(long nanos);

    /** An interpreted call ended because an engine failed ({@code engine}: stt, translate, tts). */
    void engineFailed(String engine);

    InterpreterMetrics NONE = new InterpreterMetrics() {
        public void firstAudio(long nanos) { }
        public void translated(long nanos) { }
        public void engineFailed(String engine) { }
    };
}
