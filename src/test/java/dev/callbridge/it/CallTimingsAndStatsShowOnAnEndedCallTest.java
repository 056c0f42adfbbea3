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

    /** Says nothing; reports its stats as the call ends, as the AI agents report theirs. */
    static final class StatsReporter implements Agent {
        private final CallStats stats;
        private CallContext ctx;

        StatsReporter(CallStats stats) {
            this.stats = stats;
        }

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
            ctx.reportStats(stats);
        }
    }

    @TempDir
    Path dir;

    @Test
    void timingsAndTheAgentsStatsAreShownWithTheirLabels() throws Exception {
        Map<String, Supplier<Agent>> agents = Map.of(AGENT, () -> new StatsReporter(STATS));
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

    @Test
    void anInterpretedCallShowsEachDirectionsFigures() throws Exception {
        CallStats interpreted = new CallStats(0, null, null, 0, 0, 0, null, 0, 0, null, null, null, null,
                new CallStats.Interpreter(new CallStats.Direction(5, 640L, 1210L, 95L, 1), new CallStats.Direction(2, 700L, 880L, 120L, 0)));
        try (InterpretedCallRig rig = new InterpretedCallRig(dir, Map.of(AGENT, () -> new StatsReporter(interpreted)));
             Browser browser = new Browser()) {
            Call call = rig.interpretedCall(AGENT, Provider.TWILIO, InterpretedCallRig.B, "en", "es");
            try (RawTwilioStream a = rig.streamA(call)) {
                Calls.awaitStatus(rig.gw, call.id(), "in-progress");
                browser.open(rig.gw.base() + "/calls/" + call.id());
                assertThat(browser.textOf("#call-stats-note")).isEqualTo("The agent reports its stats when the call ends.");
                a.stop(2, RawTwilioStream.STREAM_SID);
            }
            // The figures come with call.ended, to the page already open.
            browser.until(d -> d.findElements(By.cssSelector("#call-interpreter-stats .stat")).size() == 10 ? true : null);
            assertThat(stat(browser, "aToB-utterances")).isEqualTo("Utterances\n5");
            assertThat(stat(browser, "aToB-first-median")).isEqualTo("First audio, median\n640 ms");
            assertThat(stat(browser, "aToB-first-max")).isEqualTo("First audio, slowest\n1210 ms");
            assertThat(stat(browser, "aToB-translate")).isEqualTo("Translation, median\n95 ms");
            assertThat(stat(browser, "aToB-interrupted")).isEqualTo("Talked over\n1");
            assertThat(stat(browser, "bToA-utterances")).isEqualTo("Utterances\n2");
            assertThat(stat(browser, "bToA-first-median")).isEqualTo("First audio, median\n700 ms");
            assertThat(browser.textOf("#call-interpreter-stats")).contains("Interpreting A → B", "Interpreting B → A");
            // It answers no turns and calls no tools: no grid of zeros for those.
            assertThat(browser.driver.findElements(By.cssSelector("#call-stats .stat"))).isEmpty();
            browser.script("document.getElementById('call-timings').scrollIntoView()");
            browser.screenshot("call-stats-interpreted");
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
