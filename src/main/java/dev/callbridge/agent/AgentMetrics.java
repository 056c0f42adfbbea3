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

    /** A dropped upstream session was reconnected and the call went on. */
    void upstreamReconnect();

    /** The upstream session was replaced by a fresh one (e.g. before its time cap) and the call went on. */
    void sessionRollover();

    AgentMetrics NONE = new AgentMetrics() {
        public void responseLatency(long nanos) { }
        public void bargeIn() { }
        public void toolCall(String tool, long nanos, boolean ok) { }
        public void upstreamFailure(String kind) { }
        public void upstreamReconnect() { }
        public void sessionRollover() { }
    };
}
