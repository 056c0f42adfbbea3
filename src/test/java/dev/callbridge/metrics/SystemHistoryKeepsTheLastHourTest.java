package dev.callbridge.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.call.CallEventBus;
import dev.callbridge.call.CallRegistry;
import dev.callbridge.call.Provider;
import dev.callbridge.rtp.RtpMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class SystemHistoryKeepsTheLastHourTest {
    private final CallRegistry registry = new CallRegistry(7, new CallEventBus(), Clock.systemUTC(), c -> { });
    private final GatewayMetrics metrics = new GatewayMetrics(registry);

    @Test
    void eachPointHasTheIntervalsFramesAndOnlyTheLastHourIsKept() {
        Instant t0 = Instant.parse("2026-12-06T06:00:00Z");
        Instant[] now = {t0};
        Clock clock = new Clock() {
            public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
            public Clock withZone(java.time.ZoneId zone) { return this; }
            public Instant instant() { return now[0]; }
        };
        SystemHistory history = new SystemHistory(registry, metrics, clock);
        RtpMetrics rtp = metrics.rtp();
        for (int i = 0; i < 3; i++) metrics.media(Provider.TWILIO).frameIn();
        rtp.packetIn();
        rtp.lost(2);
        history.sample();
        now[0] = now[0].plus(SystemHistory.EVERY);
        history.sample();

        List<SystemHistory.Point> points = history.points();
        assertThat(points).hasSize(2);
        assertThat(points.get(0).framesIn()).isEqualTo(4); // three Twilio frames and one RTP packet
        assertThat(points.get(0).framesLost()).isEqualTo(2);
        assertThat(points.get(1).framesIn()).as("a delta, not a total").isZero();
        assertThat(points.get(1).framesLost()).isZero();
        assertThat(points.get(1).maxConcurrentCalls()).isEqualTo(7);
        assertThat(points.get(0).responseMsP50()).as("no answer timed: unknown, not 0").isNull();

        for (int i = 0; i < SystemHistory.POINTS + 40; i++) {
            now[0] = now[0].plus(SystemHistory.EVERY);
            history.sample();
        }
        points = history.points();
        assertThat(points).hasSize(SystemHistory.POINTS);
        assertThat(Duration.between(points.get(0).at(), points.get(points.size() - 1).at()))
                .isEqualTo(SystemHistory.EVERY.multipliedBy(SystemHistory.POINTS - 1));
        assertThat(points.get(points.size() - 1).at()).isEqualTo(now[0]);
    }

    @Test
    void theAnswerLatencyIsTheWindowsMedian() {
        SystemHistory history = new SystemHistory(registry, metrics, Clock.systemUTC());
        var agents = metrics.agents();
        for (long ms : new long[] {300, 500, 700}) agents.responseLatency(Duration.ofMillis(ms).toNanos());
        history.sample();
        // Micrometer's percentiles are approximations (a histogram): near 500 ms, not exact.
        assertThat(history.points().get(0).responseMsP50()).isBetween(450.0, 560.0);
    }
}
