package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * {@code /calls/{id}} pasted into a fresh browser opens that call's page: its record, the transcript
 * so far from the API, then new entries as they happen (through /ws/events), and the end of the call.
 */
class DeepLinkToACallLoadsDirectlyTest {
    @TempDir
    Path dir;

    @Test
    void aPastedCallLinkOpensTheCallAndFollowsItLive() {
        try (GatewayFixture gw = new GatewayFixture(dir); Browser browser = new Browser()) {
            Calls.StreamAnswer answer = Calls.answered(gw, "CA00000000000000000000000000000d02");
            try (RawTwilioStream twilio = new RawTwilioStream(gw.vertx, gw.port())) {
                twilio.connected();
                twilio.start(answer);
                twilio.dtmf(2, '4');
                org.awaitility.Awaitility.await().until(() ->
                        gw.get("/api/calls/" + answer.callId() + "/transcript").json().path("entries").size() >= 1);

                browser.open(gw.base() + "/calls/" + answer.callId());
                assertThat(browser.textOf("#call-id")).isEqualTo(answer.callId());
                assertThat(browser.textOf("#call-status")).isEqualTo("in-progress");
                assertThat(browser.textOf("#transcript .kind-dtmf .text")).isEqualTo("4");
                assertThat(browser.driver.getTitle()).contains(answer.callId());
                browser.until(d -> "live".equals(d.findElement(By.id("connection")).getText()) ? true : null);

                twilio.dtmf(3, '#'); // after the page loaded: it can only come by the event
                browser.until(d -> d.findElements(By.cssSelector("#transcript .kind-dtmf .text")).size() == 2 ? true : null);
                assertThat(browser.driver.findElements(By.cssSelector("#transcript .kind-dtmf .text")).get(1).getText()).isEqualTo("#");
                twilio.stop(4, RawTwilioStream.STREAM_SID);
            }
            browser.until(d -> "completed".equals(d.findElement(By.id("call-status")).getText()) ? true : null);
            browser.until(d -> d.findElements(By.cssSelector("#transcript .kind-event")).stream()
                    .anyMatch(e -> e.getText().contains("caller-hangup")) ? true : null);
            browser.screenshot("call-transcript");

            // The link back is in-app: no reload, the live page shows the call in History.
            browser.driver.findElement(By.linkText("← Live calls")).click();
            assertThat(browser.textOf("#history tr[data-call-id='" + answer.callId() + "'] .col-status")).isEqualTo("completed");
        }
    }
}
