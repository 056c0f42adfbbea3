package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.sim.GatewayTarget;
import dev.callbridge.sim.LoadProgress;
import dev.callbridge.sim.LoadReport;
import dev.callbridge.sim.LoadTest;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The live page with 300 calls on the line ({@code callbridge loadtest --calls 300}'s engine, in
 * its own Vert.x): once every call is listed, the page's main thread has no long task (over 50 ms,
 * as the browser's own Performance API counts them) while the durations tick and the events flow.
 * Steady state begins once every call is in progress. The ramp-up, when 300 rows are added and
 * each turns in-progress, and the end, when they all move to History, are reported but not held to
 * it: they are bursts, not the steady state an operator watches.
 */
class LivePageStaysResponsiveUnderLoadTest {
    private static final int CALLS = 300;
    private static final int SECONDS = 30;
    private static final long STEADY_MILLIS = 10_000;

    @TempDir
    Path dir;

    @Test
    void threeHundredLiveCallsCauseNoLongTasks() throws Exception {
        Vertx callers = Vertx.vertx();
        try (GatewayFixture gw = new GatewayFixture(dir, "MAX_CONCURRENT_CALLS", "400"); Browser browser = new Browser()) {
            browser.open(gw.base() + "/");
            browser.until(d -> "live".equals(d.findElement(By.id("connection")).getText()) ? true : null);
            browser.script("""
                    window.longTasks = [];
                    new PerformanceObserver(list => list.getEntries().forEach(e => window.longTasks.push([e.startTime, e.duration])))
                        .observe({ type: 'longtask' });""");

            GatewayTarget target = new GatewayTarget(URI.create(gw.base()), URI.create(gw.base()), Optional.empty());
            var options = new LoadTest.Options(target, CALLS, SECONDS, LoadTest.Options.defaultRampMillis(CALLS), 2000, 2,
                    "+15551230000", "+15559870000");
            CompletableFuture<LoadReport> load = new LoadTest(callers, options, new LoadProgress()).run()
                    .toCompletionStage().toCompletableFuture();

            // Steady state: every call listed and in progress, so only the durations tick (and events trickle).
            browser.until(Duration.ofSeconds(30), d -> ((Number) browser.script("return document.querySelectorAll("
                    + "'#live-calls td.col-status[data-status=\"in-progress\"]').length")).intValue() == CALLS ? true : null);
            assertThat(browser.find("#live-count").getText()).isEqualTo("(" + CALLS + ")");
            double steadyFrom = ((Number) browser.script("return performance.now()")).doubleValue();
            Thread.sleep(STEADY_MILLIS);
            double steadyTo = ((Number) browser.script("return performance.now()")).doubleValue();
            assertThat(browser.driver.findElements(By.cssSelector("#live-calls tbody tr"))).hasSize(CALLS);
            browser.screenshot("live-calls-300");
            @SuppressWarnings("unchecked")
            List<List<Number>> tasks = (List<List<Number>>) browser.script("return window.longTasks");
            List<List<Number>> steady = tasks.stream()
                    .filter(t -> t.get(0).doubleValue() >= steadyFrom && t.get(0).doubleValue() < steadyTo).toList();
            System.out.printf("long tasks: %d while %d calls started, %d in %d s of steady state%n",
                    tasks.size() - steady.size(), CALLS, steady.size(), STEADY_MILLIS / 1000);

            LoadReport report = load.get(SECONDS + 30, TimeUnit.SECONDS);
            assertThat(report.calls().ok()).as(report.table()).isEqualTo(CALLS);
            browser.until(Duration.ofSeconds(30), d -> d.findElements(By.cssSelector("#live-calls tbody tr")).isEmpty() ? true : null);
            @SuppressWarnings("unchecked")
            List<List<Number>> all = (List<List<Number>>) browser.script("return window.longTasks");
            System.out.printf("long tasks: %d while the calls ended and moved to History%n", all.size() - tasks.size());

            assertThat(steady).as("long tasks (start ms, duration ms) with %d calls live", CALLS).isEmpty();
        } finally {
            callers.close().await();
        }
    }
}
