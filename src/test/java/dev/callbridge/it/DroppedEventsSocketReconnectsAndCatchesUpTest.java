package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The network between the browser and the gateway drops; while it is down one call ends and
 * another starts ringing, events the page never receives. When the network is back the page
 * reconnects by itself and catches up from the API: the ended call is in History, the new one live.
 */
class DroppedEventsSocketReconnectsAndCatchesUpTest {
    @TempDir
    Path dir;

    @Test
    void afterADropThePageReconnectsAndShowsWhatItMissed() {
        try (GatewayFixture gw = new GatewayFixture(dir);
             CuttableProxy proxy = new CuttableProxy(gw.vertx, gw.port());
             Browser browser = new Browser()) {
            Calls.StreamAnswer first = Calls.answered(gw, "CA00000000000000000000000000000d03");
            try (RawTwilioStream twilio = new RawTwilioStream(gw.vertx, gw.port())) {
                twilio.connected();
                twilio.start(first);
                browser.open("http://127.0.0.1:" + proxy.port() + "/");
                String firstRow = "#live-calls tr[data-call-id='" + first.callId() + "'] .col-status";
                browser.until(d -> "in-progress".equals(d.findElement(By.cssSelector(firstRow)).getText()) ? true : null);
                browser.until(d -> "live".equals(d.findElement(By.id("connection")).getText()) ? true : null);

                proxy.down();
                browser.until(d -> "live".equals(d.findElement(By.id("connection")).getText()) ? null : true);
                twilio.stop(2, RawTwilioStream.STREAM_SID);
                Calls.awaitStatus(gw, first.callId(), "completed");
            }
            Calls.StreamAnswer second = Calls.answered(gw, "CA00000000000000000000000000000d04");
            // Missed: the page still shows the first call as live and knows nothing of the second.
            assertThat(browser.driver.findElements(By.cssSelector("#live-calls tr[data-call-id='" + first.callId() + "']"))).hasSize(1);
            assertThat(browser.driver.findElements(By.cssSelector("tr[data-call-id='" + second.callId() + "']"))).isEmpty();

            proxy.up();
            browser.until(d -> "live".equals(d.findElement(By.id("connection")).getText()) ? true : null);
            assertThat(browser.textOf("#live-calls tr[data-call-id='" + second.callId() + "'] .col-status")).isEqualTo("ringing");
            assertThat(browser.textOf("#history tr[data-call-id='" + first.callId() + "'] .col-status")).isEqualTo("completed");
            assertThat(browser.driver.findElements(By.cssSelector("#live-calls tr[data-call-id='" + first.callId() + "']"))).isEmpty();
            browser.screenshot("live-calls-after-reconnect");
        }
    }
}
