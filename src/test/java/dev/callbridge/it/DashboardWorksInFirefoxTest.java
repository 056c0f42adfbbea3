package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard works in Firefox as in Chromium: live over /ws/events (a call rings, goes
 * in-progress, then moves to History), a call's link opened directly, a phone-width page that
 * does not scroll sideways, and not one CSP violation or uncaught script error on the way.
 * Firefox is driven through its own WebDriver BiDi server ({@link Firefox}).
 */
class DashboardWorksInFirefoxTest {
    /**
     * Installed before the page's scripts, so whatever they do is seen: CSP violations, errors
     * (scripts and resources that fail to load too: capture, as those do not bubble) and rejections nobody handled.
     */
    private static final String WATCH_FOR_TROUBLE = """
            () => {
              const trouble = { csp: [], errors: [] };
              Object.defineProperty(window, '__trouble', { value: trouble });
              window.addEventListener('securitypolicyviolation',
                e => trouble.csp.push(e.effectiveDirective + ' blocked ' + e.blockedURI + ' at ' + e.sourceFile + ':' + e.lineNumber), true);
              window.addEventListener('error', e => trouble.errors.push(e.target === window
                ? e.message + ' at ' + e.filename + ':' + e.lineno
                : 'failed to load ' + e.target.tagName + ' ' + (e.target.src || e.target.href)), true);
              window.addEventListener('unhandledrejection', e => trouble.errors.push('unhandled rejection: ' + e.reason));
            }""";

    @TempDir
    Path dir;

    @Test
    void liveCallsHistoryAndACallsPageWorkInFirefox() {
        try (GatewayFixture gw = new GatewayFixture(dir); Firefox firefox = new Firefox()) {
            firefox.beforeEveryPage(WATCH_FOR_TROUBLE);
            firefox.open(gw.base() + "/");
            firefox.until("document.getElementById('connection').textContent === 'live'");
            assertThat(firefox.text("document.getElementById('live-title').textContent")).startsWith("Live calls");

            Calls.StreamAnswer answer = Calls.answered(gw, "CA00000000000000000000000000000f01");
            String row = "#live-calls tr[data-call-id='" + answer.callId() + "']";
            assertThat(firefox.until(textOf(row + " .col-status")).asText()).isEqualTo("ringing");
            assertThat(firefox.text(textOf(row + " .col-from"))).isEqualTo("+15551230000");

            try (RawTwilioStream twilio = new RawTwilioStream(gw.vertx, gw.port())) {
                twilio.connected();
                twilio.start(answer);
                firefox.until(textOf(row + " .col-status") + " === 'in-progress'");
                firefox.until("/^0:0[1-9]$/.test(" + textOf(row + " .col-duration") + ")");
                firefox.screenshot("firefox-live-calls");
                twilio.stop(2, RawTwilioStream.STREAM_SID);
            }
            String ended = "#history tr[data-call-id='" + answer.callId() + "']";
            assertThat(firefox.until(textOf(ended + " .col-status")).asText()).isEqualTo("completed");
            firefox.until("document.querySelector(\"" + row + "\") === null");
            assertNoTrouble(firefox, "the live page");

            // A call's link opened directly: the server serves the app there, the app routes to the call.
            firefox.open(gw.base() + "/calls/" + answer.callId());
            assertThat(firefox.until(textOf("#call-id")).asText()).isEqualTo(answer.callId());
            assertThat(firefox.until(textOf("#call-status")).asText()).isEqualTo("completed");
            assertThat(firefox.text("document.title")).contains(answer.callId());

            // Phone width: nothing wider than the screen.
            firefox.viewport(390, 844);
            firefox.until("window.innerWidth === 390");
            assertThat(firefox.evaluate("document.documentElement.scrollWidth <= window.innerWidth").asBoolean())
                    .as("the call's page at 390px is %s px wide", firefox.evaluate("document.documentElement.scrollWidth")).isTrue();
            firefox.screenshot("firefox-call-phone");
            firefox.open(gw.base() + "/");
            firefox.until(textOf(ended + " .col-status") + " === 'completed'");
            assertThat(firefox.evaluate("document.documentElement.scrollWidth <= window.innerWidth").asBoolean())
                    .as("the live page at 390px is %s px wide", firefox.evaluate("document.documentElement.scrollWidth")).isTrue();
            firefox.screenshot("firefox-live-calls-phone");
            assertNoTrouble(firefox, "the call's page and the live page at phone width");

            // The watch itself works: an image from elsewhere is refused by the CSP and seen, and so is an uncaught error.
            firefox.evaluate("document.body.append(Object.assign(document.createElement('img'), { src: 'http://192.0.2.1/x.png' })), 0");
            assertThat(firefox.until("window.__trouble.csp.join('\\n')").asText()).contains("img-src");
            firefox.evaluate("setTimeout(() => { throw new Error('seen by the watch'); }), 0");
            assertThat(firefox.until("window.__trouble.errors.join('\\n')").asText()).contains("seen by the watch");
        }
    }

    /** The trimmed text of the first element matching {@code css}, as a page expression ('' while there is none). */
    private static String textOf(String css) {
        return "(document.querySelector(\"" + css + "\")?.textContent.trim() ?? '')";
    }

    private static void assertNoTrouble(Firefox firefox, String where) {
        JsonNode trouble = firefox.evaluate("window.__trouble");
        assertThat(trouble.path("csp").isArray() && trouble.path("errors").isArray())
                .as("the watch for trouble is on " + where + ": " + trouble).isTrue();
        assertThat(trouble.path("csp")).as("CSP violations on " + where).isEmpty();
        assertThat(trouble.path("errors")).as("script errors on " + where).isEmpty();
    }
}
