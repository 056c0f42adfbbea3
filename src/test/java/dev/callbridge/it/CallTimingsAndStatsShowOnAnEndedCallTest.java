package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.agent.Agent;
import dev.callbridge.agent.CallContext;
import dev.callbridge.audio.AudioChunk;
import dev.callbridge.call.Call;
import dev.callbridge.call.CallRegistry;
import dev.callbridge.call.CallStats;
import dev.callbridge.call.CallStatus;
import dev.callbridge.call.Direction;
import dev.callbridge.call.EndReason;
import dev.callbridge.call.Leg;
import dev.callbridge.call.Provider;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * A call's page shows its timings (ring time from creation to answer, talk time from answer to end)
 * and, once it has ended, the figures its agent reported: here an agent of the test's own that
 * reports known stats as it stops, so each figure on the page can be checked against what it said.
 * A live call's page says the stats come at the end, and fills them in from call.ended.
 */
class CallTimingsAndStatsShowOnAnEndedCallTest {
    private static final String AGENT = "stats-reporter";
    private static final CallStats STATS = new CallStats(3, 420L, 910L, 2, 4, 1, 35L, 0, 1, 180L, 150L, 60L, 30L);
    private static final Pattern SECONDS = Pattern.compile("(\\d+\\.\\d) s");

    /** Says nothing; reports {@link #STATS} as the call ends, as the AI agents report theirs. */
    static final class StatsReporter implements Agent {
        private CallContext ctx;

        @Override
        public Future<Void> start(CallContext ctx) {
            this.ctx = ctx;
            return Future.succeededFuture();
        }

        @Override
        public void onAudio(Leg from, AudioChunk chunk) {}

        @Override
        public void onDtmf(Leg from, char digit) {}

        @Override
        public void onHeard(Leg to, Object tag) {}

        @Override
        public void stop(EndReason reason) {
            ctx.reportStats(STATS);
        }
    }

    @TempDir
    Path dir;

    @Test
    void timingsAndTheAgentsStatsAreShownWithTheirLabels() throws Exception {
        Map<String, Supplier<Agent>> agents = Map.of(AGENT, StatsReporter::new);
        try (GatewayFixture gw = new GatewayFixture(dir, agents); Browser browser = new Browser()) {
            Call call = gw.gateway.registry().create(new CallRegistry.NewCall(Provider.TWILIO, RawTwilioStream.CALL_SID,
                    Direction.INBOUND, "+15551230000", "+15559870000", CallStatus.RINGING, AGENT, "en", Map.of()),
                    gw.vertx.getOrCreateContext()).orElseThrow();
            browser.open(gw.base() + "/calls/" + call.id());
            assertThat(browser.textOf("[data-stat='answered'] .stat-value")).isEqualTo("not yet");
            Thread.sleep(700); // it rings for a while: a ring time well above 0

            try (RawTwilioStream twilio = new RawTwilioStream(gw.vertx, gw.port())) {
                twilio.connected();
                twilio.start(Map.of("callId", call.id(), "callToken", call.streamToken()));
                Calls.awaitStatus(gw, call.id(), "in-progress");
                assertThat(browser.textOf("#call-stats-note")).isEqualTo("The agent reports its stats when the call ends.");
                // Talk time runs while the call is live.
                browser.until(d -> seconds(d.findElement(By.cssSelector("[data-stat='talk'] .stat-value")).getText()) >= 1.0 ? true : null);
                twilio.stop(2, RawTwilioStream.STREAM_SID);
            }
            JsonNode record = Calls.awaitStatus(gw, call.id(), "completed");
            browser.until(d -> "completed".equals(d.findElement(By.id("call-status")).getText()) ? true : null);

            long ringMs = Duration.between(Instant.parse(record.path("createdAt").asText()), Instant.parse(record.path("answeredAt").asText())).toMillis();
            assertThat(ringMs).isGreaterThanOrEqualTo(700);
            assertThat(seconds(browser.textOf("[data-stat='ring'] .stat-value"))).isCloseTo(ringMs / 1000.0, within(0.051));
            assertThat(seconds(browser.textOf("[data-stat='talk'] .stat-value"))).isCloseTo(record.path("durationMs").asLong() / 1000.0, within(0.051));
            assertThat(browser.textOf("[data-stat='ended'] .stat-value")).isNotEqualTo("not yet");

            // Every figure is the agent's, under its label.
            assertThat(stat(browser, "turns")).isEqualTo("Turns\n3");
            assertThat(stat(browser, "response-median")).isEqualTo("Response, median\n420 ms");
            assertThat(stat(browser, "response-max")).isEqualTo("Response, slowest\n910 ms");
            assertThat(stat(browser, "barge-ins")).isEqualTo("Barge-ins\n2");
            assertThat(stat(browser, "tool-calls")).isEqualTo("Tool calls\n4");
            assertThat(stat(browser, "tool-errors")).isEqualTo("Tool errors\n1");
            assertThat(stat(browser, "tool-max")).isEqualTo("Slowest tool\n35 ms");
            assertThat(stat(browser, "rollovers")).isEqualTo("Session rollovers\n1");
            assertThat(stat(browser, "stt")).isEqualTo("Speech to text, median\n180 ms");
            assertThat(stat(browser, "overhead")).isEqualTo("Gateway overhead, median\n30 ms");
            assertThat(browser.driver.findElement(By.id("call-stats-note")).isDisplayed()).isFalse();
            assertThat(browser.driver.findElements(By.cssSelector("#call-interpreter-stats .stat"))).as("not an interpreted call").isEmpty();
            assertThat(record.path("stats").path("bargeIns").asInt()).isEqualTo(2);
            browser.script("document.getElementById('call-timings').scrollIntoView()");
            browser.screenshot("call-stats");
        }
    }

    private static String stat(Browser browser, String name) {
        return browser.textOf("[data-stat='" + name + "']");
    }

    private static double seconds(String text) {
        Matcher m = SECONDS.matcher(text);
        assertThat(m.matches()).as("a time in seconds: %s", text).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
