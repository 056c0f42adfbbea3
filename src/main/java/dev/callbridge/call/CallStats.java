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
 * @param sttMsMedian        pipeline: end of the caller's speech → its final transcript, median over the turns
 * @param llmMsMedian        pipeline: request → the text model's first sentence (or tool call), median
 * @param ttsMsMedian        pipeline: a sentence sent to speech synthesis → its first audio, median
 * @param overheadMsMedian   pipeline: the turn's total less the three engines' shares: the gateway's own time, median
 * @param interpreter        interpreter: each direction's figures; null for other agents
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
        int sessionRollovers,
        Long sttMsMedian,
        Long llmMsMedian,
        Long ttsMsMedian,
        Long overheadMsMedian,
        Interpreter interpreter) {

    /** An interpreted call's two directions: A's words to B, and B's to A. */
    public record Interpreter(Direction aToB, Direction bToA) {}

    /**
     * One direction of an interpreted call.
     *
     * @param utterances        utterances (or pieces of long ones) interpreted and played
     * @param firstAudioMsMedian end of the speaker's speech → the first interpreted audio to the listener, median
     * @param firstAudioMsMax    the same, slowest
     * @param translateMsMedian  the translation engine's own time per request, median
     * @param interrupted        interpretations the listener talked over, cut at what they heard
     */
    public record Direction(int utterances, Long firstAudioMsMedian, Long firstAudioMsMax, Long translateMsMedian, int interrupted) {}

    /** Stats of a pipeline agent: no interpreter figures. */
    public CallStats(int turns, Long responseMsMedian, Long responseMsMax, int bargeIns, int toolCalls, int toolErrors,
                     Long toolMsMax, int upstreamReconnects, int sessionRollovers, Long sttMsMedian, Long llmMsMedian,
                     Long ttsMsMedian, Long overheadMsMedian) {
        this(turns, responseMsMedian, responseMsMax, bargeIns, toolCalls, toolErrors, toolMsMax, upstreamReconnects,
                sessionRollovers, sttMsMedian, llmMsMedian, ttsMsMedian, overheadMsMedian, null);
    }

    /** Stats of an agent with no engines of its own to time (realtime: one upstream does it all). */
    public CallStats(int turns, Long responseMsMedian, Long responseMsMax, int bargeIns, int toolCalls, int toolErrors,
                     Long toolMsMax, int upstreamReconnects, int sessionRollovers) {
        this(turns, responseMsMedian, responseMsMax, bargeIns, toolCalls, toolErrors, toolMsMax, upstreamReconnects,
                sessionRollovers, null, null, null, null, null);
    }
}
