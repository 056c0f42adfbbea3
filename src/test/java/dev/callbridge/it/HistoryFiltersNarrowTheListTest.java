package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.call.CallEvent;
import dev.callbridge.call.CallRecord;
import dev.callbridge.call.CallStatus;
import dev.callbridge.call.Direction;
import dev.callbridge.call.EndReason;
import dev.callbridge.call.Provider;
import dev.callbridge.call.TranscriptEntry;
import dev.callbridge.store.PostgresSchema;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * History's filter bar: choosing a status and a provider re-reads History from the API and shows
 * only the matching calls; the filters go into the address, so a reload (or a pasted link) shows
 * the same list; a call that ends live enters History only when it matches. The search box says
 * that the embedded store cannot search transcripts; on PostgreSQL it finds a call by a word said in it.
 */
class HistoryFiltersNarrowTheListTest {
    private static final Instant DAY_1 = Instant.parse("2026-11-20T09:00:00Z");
    private static final Instant DAY_2 = Instant.parse("2026-11-21T09:00:00Z");

    @TempDir
    Path dir;

    @Test
    void filtersNarrowHistoryAndTheAddressCarriesThem() {
        try (GatewayFixture gw = new GatewayFixture(dir); Browser browser = new Browser()) {
            gw.gateway.store().write(List.of(
                    ended("c_0a", Provider.TWILIO, "+15551230000", CallStatus.COMPLETED, DAY_1),
                    ended("c_0b", Provider.ASTERISK, "+442071234567", CallStatus.FAILED, DAY_2),
                    ended("c_0c", Provider.TWILIO, "+15550009999", CallStatus.FAILED, DAY_2.plusSeconds(60)),
                    ended("c_0d", Provider.TWILIO, "+15550008888", CallStatus.BUSY, DAY_2.plusSeconds(120))));
            browser.open(gw.base() + "/");
            awaitRows(browser, "c_0a", "c_0b", "c_0c", "c_0d");

            select(browser, "status", "failed");
            select(browser, "provider", "twilio");
            browser.find("#history-apply").click();
            awaitRows(browser, "c_0c");
            assertThat(browser.driver.getCurrentUrl()).endsWith("/?status=failed&provider=twilio");
            browser.screenshot("history-filters");

            // The address is the view: a reload shows the same rows and the same choices.
            browser.driver.navigate().refresh();
            awaitRows(browser, "c_0c");
            assertThat(new Select(browser.find("#filter-status")).getFirstSelectedOption().getText()).isEqualTo("failed");
            assertThat(new Select(browser.find("#filter-provider")).getFirstSelectedOption().getText()).isEqualTo("twilio");

            // The embedded store cannot search transcripts, and the page says so before anyone tries.
            WebElement search = browser.find("#filter-q");
            browser.until(d -> !search.isEnabled() ? true : null);
            assertThat(browser.textOf("#history-search-note")).contains("PostgreSQL").contains("no text index");

            browser.find("#history-clear").click();
            awaitRows(browser, "c_0a", "c_0b", "c_0c", "c_0d");
            assertThat(browser.driver.getCurrentUrl()).endsWith("/");
            browser.find("#filter-number").sendKeys("4420");
            browser.find("#history-apply").click();
            awaitRows(browser, "c_0b");

            // A pasted link with a day range (UTC days; until is inclusive of its day).
            browser.open(gw.base() + "/?since=2026-11-21&until=2026-11-21&provider=twilio");
            awaitRows(browser, "c_0c", "c_0d");
            assertThat(browser.find("#filter-since").getAttribute("value")).isEqualTo("2026-11-21");

            // On a phone the bar wraps within the width.
            browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
            assertThat(browser.script("return document.documentElement.scrollWidth <= window.innerWidth")).isEqualTo(true);
            browser.screenshot("history-filters-phone");
        }
    }

    @Test
    void aCallEndingLiveEntersHistoryOnlyIfItMatches() throws Exception {
        try (GatewayFixture gw = new GatewayFixture(dir); Browser browser = new Browser()) {
            gw.gateway.store().write(List.of(ended("c_0b", Provider.ASTERISK, "+442071234567", CallStatus.FAILED, DAY_2)));
            browser.open(gw.base() + "/?provider=asterisk");
            browser.until(d -> "live".equals(d.findElement(By.id("connection")).getText()) ? true : null);
            awaitRows(browser, "c_0b");

            Calls.StreamAnswer answer = Calls.answered(gw, "CA00000000000000000000000000000f01");
            String liveRow = "#live-calls tr[data-call-id='" + answer.callId() + "']";
            browser.find(liveRow);
            try (RawTwilioStream twilio = new RawTwilioStream(gw.vertx, gw.port())) {
                twilio.connected();
                twilio.start(answer);
                browser.until(d -> "in-progress".equals(d.findElement(By.cssSelector(liveRow + " .col-status")).getText()) ? true : null);
                twilio.stop(2, RawTwilioStream.STREAM_SID);
            }
            browser.until(d -> d.findElements(By.cssSelector(liveRow)).isEmpty() ? true : null);
            // Ended, and a Twilio call: History under provider=asterisk does not take it in.
            assertThat(historyIds(browser)).containsExactly("c_0b");

            select(browser, "provider", "twilio");
            browser.find("#history-apply").click();
            awaitRows(browser, answer.callId());
        }
    }

    @Test
    void onPostgresTheSearchBoxFindsACallByAWordSaidInIt() {
        try (PostgresSchema schema = PostgresSchema.create();
             GatewayFixture gw = new GatewayFixture(dir, "STORE", "postgres", "DATABASE_URL", schema.databaseUrl());
             Browser browser = new Browser()) {
            gw.gateway.store().write(List.of(
                    ended("c_1a", Provider.TWILIO, "+15551230000", CallStatus.COMPLETED, DAY_1),
                    said("c_1a", "Can I book a table for Friday?"),
                    ended("c_1b", Provider.TWILIO, "+15551230000", CallStatus.COMPLETED, DAY_2),
                    said("c_1b", "Where is my parcel?")));
            browser.open(gw.base() + "/");
            awaitRows(browser, "c_1a", "c_1b");
            WebElement search = browser.find("#filter-q");
            assertThat(search.isEnabled()).isTrue();
            assertThat(browser.find("#history-search-note").isDisplayed()).isFalse();

            search.sendKeys("parcel");
            browser.find("#history-apply").click();
            awaitRows(browser, "c_1b");
            assertThat(browser.driver.getCurrentUrl()).endsWith("/?q=parcel");
            browser.screenshot("history-search");
        }
    }

    private static void select(Browser browser, String name, String value) {
        new Select(browser.find("#filter-" + name)).selectByValue(value);
    }

    private static List<String> historyIds(Browser browser) {
        return browser.driver.findElements(By.cssSelector("#history tbody tr")).stream().map(tr -> tr.getAttribute("data-call-id")).toList();
    }

    /** Waits until History shows exactly these calls, in this order or any. */
    private static void awaitRows(Browser browser, String... ids) {
        List<String> wanted = List.of(ids).stream().sorted().toList();
        try {
            browser.until(d -> historyIds(browser).stream().sorted().toList().equals(wanted) ? true : null);
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("History shows " + historyIds(browser) + ", expected " + wanted
                    + "; problem: " + browser.script("return document.querySelector('.error')?.textContent"), e);
        }
    }

    private static CallEvent ended(String id, Provider provider, String from, CallStatus status, Instant createdAt) {
        CallRecord call = new CallRecord(id, provider, "P" + id, Direction.INBOUND, from, "+15559870000", CallStatus.QUEUED, "echo", "en",
                createdAt, null, null, null, null, Map.of()).ended(status, createdAt.plusSeconds(30), EndReason.CALLER_HANGUP);
        return new CallEvent.Created(call, createdAt);
    }

    private static CallEvent said(String callId, String text) {
        TranscriptEntry entry = new TranscriptEntry(1, Direction.INBOUND, TranscriptEntry.Speaker.CALLER, TranscriptEntry.Kind.SPEECH,
                text, "en", null, 1000L, 1900L, DAY_1, false);
        return new CallEvent.Transcript(callId, entry, DAY_1);
    }
}
