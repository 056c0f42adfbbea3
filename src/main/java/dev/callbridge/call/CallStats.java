package dev.callbridge.call;

/**
 * The AI agent's summary of one call, as it goes on the final record under {@code stats}.
 * Latencies are whole milliseconds; the nullable ones are null when there was nothing to
 * measure (no turn, no tool call) rather than a misleading 0.
 *
 * @param turns              agent answers that followed caller speech and had a measured latency
 * @param responseMsMedian   end of the caller's speech → the answer's first audio, median over the turns
 * @param responseMsMax      the same, slowest turn
 * @param bargeIns           times the caller spoke over the agent and it stopped
 * @param toolCalls          tool invocations, failed ones included
 * @param toolErrors         tool invocations that failed
 * @param toolMsMax          the slowest tool invocation
 * @param upstreamReconnects times the AI upstream was reconnected during the call
 * @param sessionRollovers   times the AI session was replaced by a fresh one during the call
 */
public record CallStats(
        int turns,
        Long responseMsMedian,
        Long responseMsMax,
        int bargeIns,
        int toolCalls,
        int toolErrors,
        Long toolMsMax,
        int upstreamReconnects,
        int sessionRollovers) {
}
