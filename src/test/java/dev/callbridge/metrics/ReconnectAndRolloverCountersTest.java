package dev.callbridge.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.agent.AgentMetrics;
import dev.callbridge.call.CallEventBus;
import dev.callbridge.call.CallRegistry;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** {@code /metrics} counts upstream reconnects and session rollovers, described, and at 0 before the first. */
class ReconnectAndRolloverCountersTest {
    private final GatewayMetrics metrics = new GatewayMetrics(new CallRegistry(1, new CallEventBus(), Clock.systemUTC(), c -> { }));

    @Test
    void bothCountersAreShownAtZeroWithTheirDescriptions() {
        metrics.agents();

        assertThat(metrics.scrape()).contains(
                "# HELP callbridge_agent_upstream_reconnects_total Realtime sessions that dropped mid-call and were reopened",
                "callbridge_agent_upstream_reconnects_total 0.0",
                "# HELP callbridge_agent_session_rollovers_total Realtime sessions replaced by a fresh one before the API",
                "callbridge_agent_session_rollovers_total 0.0");
    }

    @Test
    void eachCallCountsOnce() {
        AgentMetrics agents = metrics.agents();

        agents.upstreamReconnect();
        agents.sessionRollover();
        agents.sessionRollover();

        assertThat(metrics.scrape()).contains("callbridge_agent_upstream_reconnects_total 1.0",
                "callbridge_agent_session_rollovers_total 2.0");
    }
}
