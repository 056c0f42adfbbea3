package dev.callbridge.agent;

import dev.callbridge.call.CallStats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One call's agent metrics: forwards everything to the gateway-wide {@link AgentMetrics} and
 * counts it for this call, so the call's record can carry a {@link CallStats} summary.
 * Every latency is kept, so the median is exact (a call has few turns). Like any
 * {@link AgentMetrics}, used on the call's context only.
 */
public final class CallStatsTally implements AgentMetrics {
    private final AgentMetrics shared;
    private final List<Long> responseNanos = new ArrayList<>();
    private final List<Long> sttNanos = new ArrayList<>();
    private final List<Long> llmNanos = new ArrayList<>();
    private final List<Long> ttsNanos = new ArrayList<>();
    private final List<Long> overheadNanos = new ArrayList<>();
    private int bargeIns;
    private int toolCalls;
    private int toolErrors;
    private long toolNanosMax = -1;
    private int upstreamReconnects;
    private int sessionRollovers;

    public CallStatsTally(AgentMetrics shared) {
        this.shared = shared;
    }

    @Override
    public void responseLatency(long nanos) {
        shared.responseLatency(nanos);
        responseNanos.add(nanos);
    }

    @Override
    public void pipelineTurn(long stt, long llm, long tts, long total) {
        shared.pipelineTurn(stt, llm, tts, total);
        sttNanos.add(stt);
        llmNanos.add(llm);
        ttsNanos.add(tts);
        overheadNanos.add(Math.max(0, total - stt - llm - tts));
    }

    @Override
    public void bargeIn() {
        shared.bargeIn();
        bargeIns++;
    }

    @Override
    public void toolCall(String tool, long nanos, boolean ok) {
        shared.toolCall(tool, nanos, ok);
        toolCalls++;
        if (!ok) toolErrors++;
        toolNanosMax = Math.max(toolNanosMax, nanos);
    }

    /** Not counted per call: a failure either ends the call (its end reason says why) or is followed by a reconnect. */
    @Override
    public void upstreamFailure(String kind) {
        shared.upstreamFailure(kind);
    }

    @Override
    public void upstreamReconnect() {
        shared.upstreamReconnect();
        upstreamReconnects++;
    }

    @Override
    public void sessionRollover() {
        shared.sessionRollover();
        sessionRollovers++;
    }

    /** The summary so far. Milliseconds are truncated, as in the tool events' {@code latencyMs}. */
    public CallStats snapshot() {
        long[] sorted = responseNanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return new CallStats(sorted.length, sorted.length == 0 ? null : millis(median(sorted)),
                sorted.length == 0 ? null : millis(sorted[sorted.length - 1]),
                bargeIns, toolCalls, toolErrors, toolCalls == 0 ? null : millis(toolNanosMax),
                upstreamReconnects, sessionRollovers, medianMillis(sttNanos), medianMillis(llmNanos), medianMillis(ttsNanos),
                medianMillis(overheadNanos));
    }

    private static Long medianMillis(List<Long> nanos) {
        if (nanos.isEmpty()) return null;
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return millis(median(sorted));
    }

    /** The middle value, or the mean of the two middle ones for an even count; written not to overflow. */
    private static long median(long[] sorted) {
        int mid = sorted.length / 2;
        if (sorted.length % 2 == 1) return sorted[mid];
        long lo = sorted[mid - 1];
        long hi = sorted[mid];
        return lo + (hi - lo) / 2;
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
