package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * With API_TOKEN set the page asks for the token (again when a wrong one is given), keeps it in
 * sessionStorage, and with it reads the API and opens /ws/events (which takes it as {@code ?token=}):
 * the page shows live events, and a reload does not ask again.
 */
class DashboardAsksForTheApiTokenOnceTest {
    private static final String TOKEN = "dashboard-token-0123456789abcdef";

    @TempDir
    Path dir;

    @Test
    void theTokenIsAskedOnceAndOpensTheApiAndTheEvents() {
        try (GatewayFixture gw = new GatewayFixture(dir, "API_TOKEN", TOKEN); Browser browser = new Browser()) {
            browser.open(gw.base() + "/");
            browser.find("#token-form");
            assertThat(browser.driver.findElements(By.id("live-calls"))).isEmpty();
            browser.screenshot("token-prompt");

            browser.find("#token").sendKeys("not-the-token");
            browser.find("#token-form button").click();
            assertThat(browser.textOf("#token-form .error")).isEqualTo("That token was refused.");

            browser.find("#token").sendKeys(TOKEN);
            browser.find("#token-form button").click();
            browser.find("#live-calls");
            browser.until(d -> "live".equals(d.findElement(By.id("connection")).getText()) ? true : null);
            assertThat(browser.script("return sessionStorage.getItem('callbridge.token')")).isEqualTo(TOKEN);

            // The socket is open with the token: a new call arrives through it.
            Calls.StreamAnswer answer = Calls.answered(gw, "CA00000000000000000000000000000d05");
            assertThat(browser.textOf("#live-calls tr[data-call-id='" + answer.callId() + "'] .col-status")).isEqualTo("ringing");

            browser.driver.navigate().refresh();
            assertThat(browser.textOf("#live-calls tr[data-call-id='" + answer.callId() + "'] .col-status")).isEqualTo("ringing");
            assertThat(browser.driver.findElements(By.id("token-form"))).isEmpty();
        }
    }
}
