package dev.callbridge.agent;

/**
 * What AI agents count, for {@code /metrics}. Called on the call's context; implementations
 * must be cheap and must not block.
 */
public interface AgentMetrics {
    /** The caller stopped speaking and, {@code nanos} later, the agent's first audio of its answer went out. */
    void responseLatency(long nanos);

    /** The caller spoke over the agent and the agent stopped. */
    void bargeIn();

    void toolCall(String tool, long nanos, boolean ok);

    /** The upstream refused, was unreachable, dropped, or its circuit was open; {@code kind} says which. */
    void upstreamFailure(String kind);

    /** The live session dropped mid-call and a new one is being opened in its place. */
    void upstreamReconnect();

    /** A session neared the API's cap and a fresh one took over. */
    void sessionRollover();

    /**
     * A pipeline turn's first audio went out: the engines' shares of it (STT final, LLM first
     * sentence, TTS first audio) and the whole, from the end of the caller's speech.
     */
    default void pipelineTurn(long sttNanos, long llmNanos, long ttsNanos, long totalNanos) {}

    AgentMetrics NONE = new AgentMetrics() {
        public void responseLatency(long nanos) { }
        public void bargeIn() { }
        public void toolCall(String tool, long nanos, boolean ok) { }
        public void upstreamFailure(String kind) { }
        public void upstreamReconnect() { }
        public void sessionRollover() { }
    };
}
