package dev.callbridge.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.call.CallStats;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One call's tally: exact median and maxima, error counts, and everything forwarded to the shared metrics. */
class CallStatsTallyTest {
    private static final long MS = 1_000_000;

    private final List<String> forwarded = new ArrayList<>();
    private final AgentMetrics shared = new AgentMetrics() {
        public void responseLatency(long nanos) { forwarded.add("latency " + nanos); }
        public void bargeIn() { forwarded.add("barge-in"); }
        public void toolCall(String tool, long nanos, boolean ok) { forwarded.add("tool " + tool + " " + nanos + " " + ok); }
        public void upstreamFailure(String kind) { forwarded.add("upstream " + kind); }
        public void upstreamReconnect() { forwarded.add("reconnect"); }
        public void sessionRollover() { forwarded.add("rollover"); }
    };
    private final CallStatsTally tally = new CallStatsTally(shared);

    @Test
    void aCallWithNothingMeasuredHasZeroCountsAndNoLatencies() {
        assertThat(tally.snapshot()).isEqualTo(new CallStats(0, null, null, 0, 0, 0, null, 0, 0));
    }

    @Test
    void theMedianOfAnOddCountIsTheMiddleLatencyWhateverTheOrder() {
        for (long ms : new long[] {900, 120, 450, 3000, 300}) tally.responseLatency(ms * MS);

        CallStats stats = tally.snapshot();
        assertThat(stats.turns()).isEqualTo(5);
        assertThat(stats.responseMsMedian()).isEqualTo(450L);
        assertThat(stats.responseMsMax()).isEqualTo(3000L);
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheTwoMiddleLatencies() {
        for (long ms : new long[] {800, 100, 400, 250}) tally.responseLatency(ms * MS);

        CallStats stats = tally.snapshot();
        assertThat(stats.turns()).isEqualTo(4);
        assertThat(stats.responseMsMedian()).isEqualTo(325L); // (250 + 400) / 2
        assertThat(stats.responseMsMax()).isEqualTo(800L);
    }

    @Test
    void latenciesAreTruncatedToWholeMillisecondsOnlyAfterTheMedian() {
        tally.responseLatency(MS - 1);     // 0.999999 ms
        tally.responseLatency(2 * MS - 1); // 1.999999 ms: the mean is 1.499999 ms → 1, where (0 + 1) / 2 would be 0

        CallStats stats = tally.snapshot();
        assertThat(stats.responseMsMedian()).isEqualTo(1L);
        assertThat(stats.responseMsMax()).isEqualTo(1L);
    }

    @Test
    void toolCallsCountFailuresAndTheSlowestCall() {
        tally.toolCall("lookup_order", 40 * MS, true);
        tally.toolCall("teleport", 3 * MS, false);
        tally.toolCall("lookup_order", 1200 * MS, false);

        CallStats stats = tally.snapshot();
        assertThat(stats.toolCalls()).isEqualTo(3);
        assertThat(stats.toolErrors()).isEqualTo(2);
        assertThat(stats.toolMsMax()).isEqualTo(1200L);
    }

    @Test
    void bargeInsReconnectsAndRolloversAreCountedButUpstreamFailuresAreNot() {
        tally.bargeIn();
        tally.bargeIn();
        tally.upstreamFailure("dropped");
        tally.upstreamReconnect();
        tally.sessionRollover();
        tally.sessionRollover();
        tally.sessionRollover();

        assertThat(tally.snapshot()).isEqualTo(new CallStats(0, null, null, 2, 0, 0, null, 1, 3));
    }

    @Test
    void everyCallIsForwardedToTheSharedMetricsUnchangedAndInOrder() {
        tally.responseLatency(1234);
        tally.bargeIn();
        tally.toolCall("end_call", 5678, true);
        tally.upstreamFailure("http_429");
        tally.upstreamReconnect();
        tally.sessionRollover();

        assertThat(forwarded).containsExactly("latency 1234", "barge-in", "tool end_call 5678 true",
                "upstream http_429", "reconnect", "rollover");
    }

    @Test
    void aSnapshotIsTheSummarySoFarAndLaterCallsDoNotChangeIt() {
        tally.responseLatency(100 * MS);
        CallStats early = tally.snapshot();
        tally.responseLatency(700 * MS);

        assertThat(early.turns()).isEqualTo(1);
        assertThat(early.responseMsMax()).isEqualTo(100L);
        assertThat(tally.snapshot().responseMsMax()).isEqualTo(700L);
    }
}
