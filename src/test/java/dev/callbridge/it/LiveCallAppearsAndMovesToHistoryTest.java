package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * An inbound Twilio call shows up in the dashboard's live table as it rings, turns in-progress
 * when its stream starts, its duration ticks, and when it ends it leaves the table for History.
 * The page is never reloaded: all of it comes through /ws/events. On a phone-sized dark screen it
 * follows the system's colours and fits the width.
 */
class LiveCallAppearsAndMovesToHistoryTest {
    @TempDir
    Path dir;

    @Test
    void aCallIsListedLiveAndMovesToHistoryWhenItEnds() {
        try (GatewayFixture gw = new GatewayFixture(dir); Browser browser = new Browser()) {
            browser.open(gw.base() + "/");
            browser.until(d -> "live".equals(d.findElement(By.id("connection")).getText()) ? true : null);
            assertThat(browser.textOf("#live-title")).startsWith("Live calls");

            Calls.StreamAnswer answer = Calls.answered(gw, "CA00000000000000000000000000000d01");
            String row = "#live-calls tr[data-call-id='" + answer.callId() + "']";
            assertThat(browser.textOf(row + " .col-status")).isEqualTo("ringing");
            assertThat(browser.textOf(row + " .col-provider")).isEqualTo("twilio");
            assertThat(browser.textOf(row + " .col-direction")).isEqualTo("inbound");
            assertThat(browser.textOf(row + " .col-from")).isEqualTo("+15551230000");
            assertThat(browser.textOf(row + " .col-to")).isEqualTo("+15559870000");
            assertThat(browser.textOf(row + " .col-agent")).isEqualTo("echo");

            try (RawTwilioStream twilio = new RawTwilioStream(gw.vertx, gw.port())) {
                twilio.connected();
                twilio.start(answer);
                browser.until(d -> "in-progress".equals(d.findElement(By.cssSelector(row + " .col-status")).getText()) ? true : null);
                // The duration runs from the answer, repainted each second.
                browser.until(d -> d.findElement(By.cssSelector(row + " .col-duration")).getText().matches("0:0[1-9]") ? true : null);
                browser.screenshot("live-calls");
                // On a phone in dark mode: the system's colour scheme, each call a card of labelled lines.
                browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
                browser.driver.executeCdpCommand("Emulation.setEmulatedMedia", java.util.Map.of("features",
                        java.util.List.of(java.util.Map.of("name", "prefers-color-scheme", "value", "dark"))));
                assertThat(browser.script("return getComputedStyle(document.body).backgroundColor")).isEqualTo("rgb(21, 22, 21)");
                assertThat(browser.driver.findElement(By.cssSelector("#live-calls thead")).isDisplayed()).isFalse();
                assertThat(browser.script("return document.documentElement.scrollWidth <= window.innerWidth")).isEqualTo(true);
                browser.screenshot("live-calls-phone-dark");
                browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
                twilio.stop(2, RawTwilioStream.STREAM_SID);
            }

            String ended = "#history tr[data-call-id='" + answer.callId() + "']";
            assertThat(browser.textOf(ended + " .col-status")).isEqualTo("completed");
            browser.until(d -> d.findElements(By.cssSelector(row)).isEmpty() ? true : null);
            assertThat(browser.driver.findElement(By.id("history-title")).getText()).isEqualTo("History");
            browser.screenshot("live-calls-history");
        }
    }
}
