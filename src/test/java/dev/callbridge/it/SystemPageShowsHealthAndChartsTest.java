package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code /system}: the health checks, active calls against {@code MAX_CONCURRENT_CALLS}, uptime, and
 * three uPlot charts of the last hour, read again every 10 s while the page is open and no more once
 * left. uPlot comes
 * from its WebJar under the dashboard's CSP, which it must not break.
 */
class SystemPageShowsHealthAndChartsTest {
    /** Collects CSP violations from before the page's first script runs. */
    private static final String WATCH_CSP = "window.cspViolations = [];"
            + "document.addEventListener('securitypolicyviolation', e => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));";
    private static final String CANVAS_SIZES = "return [...document.querySelectorAll('.chart canvas')]"
            + ".map(c => { const r = c.getBoundingClientRect(); return [Math.round(r.width), Math.round(r.height)]; });";

    private static final String STATS_READS = "return performance.getEntriesByType('resource').filter(e => e.name.endsWith('/stats')).length;";
    /** style.css's --accent, light and dark. */
    private static final String LIGHT_ACCENT = "rgba(47, 125, 91, 1)";
    private static final String DARK_ACCENT = "rgba(95, 191, 147, 1)";

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @TempDir
    Path dir;

    @Test
    void healthLimitsAndChartsAreShownAndKeptUpToDate() {
        try (GatewayFixture gw = new GatewayFixture(dir, "MAX_CONCURRENT_CALLS", "7"); Browser browser = new Browser()) {
            browser.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", WATCH_CSP));
            browser.open(gw.base() + "/system");

            assertThat(browser.textOf("#sys-checks dd[data-check='store']")).isEqualTo("up");
            assertThat(browser.textOf("#sys-checks dd[data-check='twilio']")).startsWith("webhooks only");
            assertThat(browser.textOf("#sys-checks dd[data-check='asterisk']")).startsWith("off");
            assertThat(browser.textOf("#sys-status-value")).isEqualTo("up");
            assertThat(browser.textOf("#sys-active-value")).isEqualTo("0 of 7");
            assertThat(browser.textOf("#sys-uptime-value")).matches("\\d+:\\d\\d");
            assertThat(browser.driver.getTitle()).startsWith("System");
            browser.until(d -> ((List<?>) browser.script(CANVAS_SIZES)).size() == 3 ? true : null);
            @SuppressWarnings("unchecked")
            List<List<Long>> sizes = (List<List<Long>>) browser.script(CANVAS_SIZES);
            assertThat(sizes).allSatisfy(wh -> assertThat(wh).allSatisfy(v -> assertThat(v).isGreaterThan(50L)));
            assertThat(browser.driver.findElement(By.id("chart-active")).getText()).contains("Active calls").contains("Limit");
            assertThat(browser.find("#chart-active").getAttribute("data-points")).isEqualTo("1"); // taken at start-up
            // One point: the time axis still spans ten minutes, not uPlot's thousand days around a lone point.
            assertThat(browser.find("#chart-active").getAttribute("data-window-seconds")).isEqualTo("600");
            assertThat(browser.find("#chart-active .u-series:nth-child(2) .u-marker").getCssValue("border-top-color")).isEqualTo(LIGHT_ACCENT);
            browser.screenshot("system");

            // A call starts while the page is open: the next read (10 s on) counts it, and brings the history's next point.
            Calls.StreamAnswer answer = Calls.answered(gw, "CA00000000000000000000000000000e12");
            try (RawTwilioStream twilio = new RawTwilioStream(gw.vertx, gw.port())) {
                twilio.connected();
                twilio.start(answer);
                new WebDriverWait(browser.driver, Duration.ofSeconds(16), Duration.ofMillis(100))
                        .until(d -> "1 of 7".equals(d.findElement(By.id("sys-active-value")).getText()) ? true : null);
                assertThat(Integer.parseInt(browser.find("#chart-active").getAttribute("data-points"))).isGreaterThanOrEqualTo(2);

                // Away and back in the app: the old charts are gone, three new ones drawn.
                browser.driver.findElement(By.linkText("Live calls")).click();
                browser.textOf("#live-calls tr[data-call-id='" + answer.callId() + "'] .col-status");
                browser.driver.findElement(By.linkText("System")).click();
                assertThat(browser.textOf("#sys-active-value")).isEqualTo("1 of 7");
                browser.until(d -> ((List<?>) browser.script(CANVAS_SIZES)).size() == 3 ? true : null);
                twilio.stop(3, RawTwilioStream.STREAM_SID);
            }
            // Dark mode: the charts are drawn again in the dark scheme's colours.
            browser.driver.executeCdpCommand("Emulation.setEmulatedMedia",
                    Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
            browser.until(d -> ((List<?>) browser.script(CANVAS_SIZES)).size() == 3 ? true : null);
            // uPlot colours a series' legend marker with the series' stroke (through CSSOM): here --accent.
            browser.until(d -> d.findElement(By.cssSelector("#chart-active .u-series:nth-child(2) .u-marker"))
                    .getCssValue("border-top-color").equals(DARK_ACCENT) ? true : null);
            browser.screenshot("system-dark");
            assertThat(browser.script("return window.cspViolations;")).asList().isEmpty();

            // Left for another page, the system page reads nothing more: its timer went with it.
            browser.driver.findElement(By.linkText("Live calls")).click();
            browser.find("#live-calls");
            long before = (Long) browser.script(STATS_READS);
            sleep(Duration.ofSeconds(12)); // longer than the 10 s between reads: waiting for nothing to happen
            assertThat((Long) browser.script(STATS_READS)).isEqualTo(before);
        }
    }
}
