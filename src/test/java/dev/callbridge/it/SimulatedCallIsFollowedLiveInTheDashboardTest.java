package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.sim.CallerAudio;
import dev.callbridge.sim.FixedLatencyEnginesServer;
import dev.callbridge.sim.GatewayTarget;
import dev.callbridge.sim.PlaybackClock;
import dev.callbridge.sim.SimulationResult;
import dev.callbridge.sim.TwilioCallSimulator;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The dashboard's whole tour with the shipped simulator ({@code callbridge simulate}'s engine) as
 * the caller: signed Twilio webhooks and a real-time Media Stream of a spoken sentence, into the
 * real gateway running the pipeline agent (Silero VAD, the production STT, LLM and TTS clients
 * against the fixed-latency engines). The call appears in the live table, its page shows the
 * caller's and the agent's turns while the call is still in progress, and when it ends it moves to
 * History. Nothing is reloaded: the page follows /ws/events. Its recording then plays on its page.
 */
class SimulatedCallIsFollowedLiveInTheDashboardTest {
    private static final String TOKEN = "5e1f5e1f5e1f5e1f5e1f5e1f5e1f5e1f";
    private static final String PUBLIC_URL = "https://voice.example.com";

    @TempDir
    Path dir;

    @Test
    void theCallAppearsItsTurnsArriveWhileItRunsAndItEndsInHistory() throws Exception {
        FixedLatencyEnginesServer engines;
        try (var vertx = new Closing(io.vertx.core.Vertx.vertx())) {
            engines = FixedLatencyEnginesServer.start(vertx.vertx, new FixedLatencyEnginesServer.Options("127.0.0.1", 0,
                    Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofMillis(50), 500, 1)).await();
            String url = engines.baseUrl();
            try (GatewayFixture gw = new GatewayFixture(dir.resolve("data"), "TWILIO_AUTH_TOKEN", TOKEN, "PUBLIC_URL", PUBLIC_URL,
                    "RECORDING", "on", "AGENT", "pipeline", "VAD", "silero",
                    "STT", "openai", "STT_URL", url, "STT_MODEL", "fixed-stt",
                    "LLM", "openai", "LLM_URL", url, "LLM_MODEL", "fixed-llm",
                    "TTS", "openai", "TTS_URL", url, "TTS_MODEL", "fixed-tts");
                 Browser browser = new Browser()) {
                browser.open(gw.base() + "/");
                browser.until(d -> "live".equals(d.findElement(By.id("connection")).getText()) ? true : null);

                // The caller speaks a 3.7 s sentence, then listens to the answer; the simulator hangs up at 9 s.
                GatewayTarget target = new GatewayTarget(URI.create(gw.base()), URI.create(PUBLIC_URL), Optional.of(TOKEN));
                var options = new TwilioCallSimulator.Options(target, CallerAudio.load(null), 9000, "1", "+15551230000", "+15559870000");
                CompletableFuture<SimulationResult> running = new TwilioCallSimulator(gw.vertx, options, PlaybackClock.system(),
                        new SplittableRandom(12), counters -> { }).run().toCompletionStage().toCompletableFuture();

                String row = "#live-calls tbody tr";
                browser.until(d -> d.findElements(By.cssSelector(row + " .col-status")).stream()
                        .anyMatch(e -> e.getText().equals("in-progress")) ? true : null);
                String callId = browser.find(row).getDomAttribute("data-call-id");
                assertThat(browser.textOf(row + " .col-agent")).isEqualTo("pipeline");
                browser.screenshot("simulated-call-live");

                // Its page, by the link in the table; the turns come while the call is still on.
                browser.driver.findElement(By.linkText(callId)).click();
                assertThat(browser.textOf("#call-id")).isEqualTo(callId);
                browser.until(d -> d.findElements(By.cssSelector("#transcript .speaker-caller .text"))
                        .stream().anyMatch(e -> e.getText().contains("book a table")) ? true : null);
                browser.until(d -> !d.findElements(By.cssSelector("#transcript .speaker-agent")).isEmpty() ? true : null);
                assertThat(running).as("the turns were shown while the call ran").isNotDone();
                assertThat(browser.textOf("#call-status")).isEqualTo("in-progress");
                browser.screenshot("simulated-call-transcript");

                SimulationResult result = running.get(30, TimeUnit.SECONDS);
                assertThat(result.outcome()).as(result.detail()).isEqualTo(SimulationResult.Outcome.COMPLETED);
                assertThat(result.callId()).isEqualTo(callId);
                browser.until(d -> "completed".equals(d.findElement(By.id("call-status")).getText()) ? true : null);
                assertThat(browser.textOf("#transcript .kind-dtmf .text")).isEqualTo("1");

                // The recording, once written: the player knows its length (the 9 s call, from its answer).
                double seconds = ((Number) browser.until(d -> browser.script(
                        "const a = document.querySelector('#recording-audio'); return a && isFinite(a.duration) && a.duration > 0 ? a.duration : null")))
                        .doubleValue();
                assertThat(seconds).isBetween(7.0, 10.0);
                browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1500));
                browser.screenshot("simulated-call-page");
                browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));

                browser.driver.findElement(By.linkText("← Live calls")).click();
                assertThat(browser.textOf("#history tr[data-call-id='" + callId + "'] .col-status")).isEqualTo("completed");
                assertThat(browser.driver.findElements(By.cssSelector("#live-calls tr[data-call-id='" + callId + "']"))).isEmpty();
            }
        }
    }

    /** A Vert.x for the engines, closed after the gateway. */
    private record Closing(io.vertx.core.Vertx vertx) implements AutoCloseable {
        @Override
        public void close() {
            vertx.close().await();
        }
    }
}
