package dev.callbridge.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class LoadReportTest {

    private static LoadTally tally() {
        LoadTally t = new LoadTally();
        t.callsOk = 9;
        t.connectFailures = 1;
        t.framesSent = 1_000;
        t.framesReceived = 990;
        t.warmupSent = 400;
        t.warmupReceived = 393;
        t.duplicates = 2;
        for (int i = 1; i <= 100; i++) t.rttMicros.recordValue(i * 100L); // 0.1 … 10 ms
        t.webhookMicros.recordValue(4_000);
        return t;
    }

    private static ServerStats stats(long cpuNanos, long rss) {
        return stats(cpuNanos, rss, 0);
    }

    private static ServerStats stats(long cpuNanos, long rss, long framesIn) {
        return new ServerStats(OptionalLong.of(cpuNanos), OptionalLong.of(rss), OptionalLong.of(0), OptionalLong.of(framesIn));
    }

    @Test
    void lossIsSentMinusReceivedSplitIntoWarmupAndSteadyState() {
        LoadReport r = LoadReport.of("http://x", 3, 5.0, 10, tally(), ServerStats.UNAVAILABLE, ServerStats.UNAVAILABLE, ServerStats.UNAVAILABLE, ServerStats.UNAVAILABLE);
        assertThat(r.frames().lost()).isEqualTo(10);
        assertThat(r.frames().warmupLost()).isEqualTo(7);
        assertThat(r.frames().steadyLost()).isEqualTo(3);
        assertThat(r.calls().failed()).isEqualTo(1);
        assertThat(r.clean()).isFalse();
    }

    @Test
    void percentilesComeFromTheHistogramInMicroseconds() {
        LoadReport r = LoadReport.of("http://x", 3, 5.0, 10, tally(), ServerStats.UNAVAILABLE, ServerStats.UNAVAILABLE, ServerStats.UNAVAILABLE, ServerStats.UNAVAILABLE);
        assertThat(r.roundTrip().count()).isEqualTo(100);
        assertThat(r.roundTrip().p50()).isBetween(4_990L, 5_010L);
        assertThat(r.roundTrip().p99()).isBetween(9_890L, 9_910L);
        assertThat(r.roundTrip().max()).isBetween(9_990L, 10_010L);
    }

    @Test
    void serverCpuPerEchoedFrameIsTheCpuDeltaOverFramesReceived() {
        LoadReport r = LoadReport.of("http://x", 3, 5.0, 10, tally(), stats(1_000_000_000L, 100_000_000L), stats(1_009_900_000L, 150_000_000L),
                ServerStats.UNAVAILABLE, ServerStats.UNAVAILABLE);
        // 9.9 ms of CPU over 990 echoed frames = 10 µs each
        assertThat(r.server().cpuMicrosPerEchoedFrame().getAsDouble()).isCloseTo(10.0, within(1e-9));
        assertThat(r.table()).contains("10.00 µs").contains("100.0 MB / n/a / 150.0 MB");
    }

    @Test
    void steadyCpuIsTheCpuDeltaOverFramesTheServerSentInTheWindow() {
        LoadReport r = LoadReport.of("http://x", 30, 35.0, 10, tally(), ServerStats.UNAVAILABLE, ServerStats.UNAVAILABLE,
                stats(2_000_000_000L, 1, 10_000), stats(2_250_000_000L, 1, 20_000));
        // 250 ms of CPU over 10 000 frames sent = 25 µs each
        assertThat(r.server().steadyCpuMicrosPerEchoedFrame().getAsDouble()).isCloseTo(25.0, within(1e-9));
        assertThat(r.server().rssBytesUnderLoad()).as("RSS at the end of the steady window, every call live").hasValue(1);
        assertThat(r.table()).containsPattern("in steady state\\s+25.00 µs");
    }

    @Test
    void steadyRoundTripsAreReportedApart() {
        LoadTally t = tally();
        t.steadyRttMicros.recordValue(700);
        LoadReport r = LoadReport.of("http://x", 30, 35.0, 10, t, ServerStats.UNAVAILABLE, ServerStats.UNAVAILABLE,
                ServerStats.UNAVAILABLE, ServerStats.UNAVAILABLE);
        assertThat(r.steadyRoundTrip().count()).isEqualTo(1);
        assertThat(r.table()).containsPattern("steady round trip p50 / p99\\s+0.700 ms / 0.700 ms");
    }

    @Test
    void firstSecondRoundTripsAreReportedApart() {
        LoadTally t = tally();
        t.firstSecondRttMicros.recordValue(400_000);
        t.firstSecondRttMicros.recordValue(2_000);
        LoadReport r = LoadReport.of("http://x", 30, 35.0, 10, t, ServerStats.UNAVAILABLE, ServerStats.UNAVAILABLE,
                ServerStats.UNAVAILABLE, ServerStats.UNAVAILABLE);
        assertThat(r.firstSecondRoundTrip().count()).isEqualTo(2);
        assertThat(r.table()).containsPattern("first second p50 / p99\\s+2.000 ms / 400.\\d+ ms");
        assertThat(r.toJson()).contains("\"firstSecondRoundTripMs\"");
    }

    @Test
    void missingProcessStatsReadAsNotAvailable() {
        LoadReport r = LoadReport.of("http://x", 3, 5.0, 10, tally(), ServerStats.parse("{\"activeCalls\":0}"), stats(5, 5),
                ServerStats.UNAVAILABLE, ServerStats.UNAVAILABLE);
        assertThat(r.server().cpuMicrosPerEchoedFrame()).isEmpty();
        assertThat(r.table()).containsPattern("server CPU per echoed frame\\s+n/a");
    }

    @Test
    void jsonCarriesTheSameNumbers() throws Exception {
        LoadReport r = LoadReport.of("http://x", 3, 5.0, 10, tally(), ServerStats.UNAVAILABLE, ServerStats.UNAVAILABLE, ServerStats.UNAVAILABLE, ServerStats.UNAVAILABLE);
        JsonNode json = new ObjectMapper().readTree(r.toJson());
        assertThat(json.at("/frames/lost").asLong()).isEqualTo(10);
        assertThat(json.at("/frames/warmupLost").asLong()).isEqualTo(7);
        assertThat(json.at("/calls/ok").asLong()).isEqualTo(9);
        assertThat(json.at("/roundTripMs/p50").asDouble()).isBetween(4.99, 5.01);
        assertThat(json.at("/server/cpuMicrosPerEchoedFrame").isNull()).isTrue();
    }

    @Test
    void statsParsingReadsTheProcessBlock() {
        ServerStats s = ServerStats.parse("{\"activeCalls\":3,\"process\":{\"pid\":1,\"cpuNanos\":123,\"rssBytes\":456}}");
        assertThat(s.cpuNanos()).hasValue(123);
        assertThat(s.rssBytes()).hasValue(456);
        assertThat(s.activeCalls()).hasValue(3);
    }
}
