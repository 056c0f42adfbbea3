package dev.callbridge.agent.interpreter;

/** What every interpreted call adds to the gateway's metrics. Called on calls' contexts: implementations must not block. */
public interface InterpreterMetrics {
    /** The speaker stopped and, {@code nanos} later, the first interpreted audio went to the listener. */
    void firstAudio(long nanos);

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
