package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * A live call's page has a hang-up button that asks to be pressed twice ("Hang up", then "Confirm
 * hang up"), so one stray click ends nothing. Confirmed, it asks the API, and the call's end comes
 * back through /ws/events: the status turns final, the reason is the API's, and the controls go.
 */
class HangUpFromTheCallPageTest {
    @TempDir
    Path dir;

    @Test
    void hangingUpTakesTwoClicksAndEndsTheCall() {
        try (GatewayFixture gw = new GatewayFixture(dir); Browser browser = new Browser();
             RawTwilioStream twilio = new RawTwilioStream(gw.vertx, gw.port())) {
            String id = Calls.inProgress(gw, twilio, "CA00000000000000000000000000000e02");

            browser.open(gw.base() + "/calls/" + id);
            assertThat(browser.textOf("#call-status")).isEqualTo("in-progress");
            WebElement hangup = browser.until(d -> d.findElement(By.id("hangup")).isDisplayed() ? d.findElement(By.id("hangup")) : null);
            assertThat(hangup.getText()).isEqualTo("Hang up");

            hangup.click();
            assertThat(hangup.getText()).isEqualTo("Confirm hang up");
            browser.screenshot("call-hangup-confirm");
            // The first click asked nothing of the API: the call goes on.
            assertThat(gw.get("/api/calls/" + id).json().path("status").asText()).isEqualTo("in-progress");
            assertThat(twilio.isClosed()).isFalse();

            hangup.click();
            browser.until(d -> "completed".equals(d.findElement(By.id("call-status")).getText()) ? true : null);
            assertThat(gw.get("/api/calls/" + id).json().path("endReason").asText()).isEqualTo("api-hangup");
            assertThat((String) browser.script("return document.getElementById('call-facts').textContent")).contains("api-hangup");
            browser.until(d -> d.findElement(By.id("call-controls")).isDisplayed() ? null : true);
            assertThat(browser.driver.findElement(By.id("hangup")).isDisplayed()).isFalse();
            assertThat(twilio.isClosed()).isTrue();
        }
    }
}
