package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * A live call's language can be changed from its page: the field starts at the call's language,
 * a good tag switches the call (the record says so, and the page shows it), and a malformed one is
 * refused with the API's own message next to the field, leaving the call's language alone.
 */
class LanguageChangeFromTheCallPageTest {
    @TempDir
    Path dir;

    @Test
    void aGoodTagSwitchesTheCallAndABadOneShowsTheApisMessage() {
        try (GatewayFixture gw = new GatewayFixture(dir); Browser browser = new Browser();
             RawTwilioStream twilio = new RawTwilioStream(gw.vertx, gw.port())) {
            Calls.StreamAnswer answer = Calls.answered(gw, "CA00000000000000000000000000000e03");
            String id = answer.callId();
            twilio.connected();
            twilio.start(answer);
            Calls.awaitStatus(gw, id, "in-progress");

            browser.open(gw.base() + "/calls/" + id);
            browser.until(d -> "en".equals(shownLanguage(browser)) ? true : null);
            WebElement field = browser.until(d -> d.findElement(By.id("language-input")).isDisplayed() ? d.findElement(By.id("language-input")) : null);
            assertThat(field.getDomProperty("value")).isEqualTo("en");
            assertThat(browser.driver.findElement(By.id("language-party")).isDisplayed()).as("no party to choose on a plain call").isFalse();

            field.clear();
            field.sendKeys("pt-BR", Keys.ENTER);
            browser.until(d -> "pt-BR".equals(shownLanguage(browser)) ? true : null);
            assertThat(gw.get("/api/calls/" + id).json().path("language").asText()).isEqualTo("pt-BR");
            assertThat(browser.driver.findElement(By.id("language-error")).getText()).isEmpty();
            assertThat(field.getDomProperty("value")).isEqualTo("pt-BR");

            field.clear();
            field.sendKeys("not a tag");
            browser.driver.findElement(By.id("language-submit")).click();
            assertThat(browser.textOf("#language-error")).isEqualTo("language: must be a language tag like en or pt-BR, got \"not a tag\"");
            browser.screenshot("call-language-error");
            assertThat(gw.get("/api/calls/" + id).json().path("language").asText()).isEqualTo("pt-BR");
            assertThat(shownLanguage(browser)).isEqualTo("pt-BR");
            twilio.stop(2, RawTwilioStream.STREAM_SID);
            browser.until(d -> d.findElement(By.id("call-controls")).isDisplayed() ? null : true);
        }
    }

    /** The language in the call's facts (read in one step: the facts are redrawn as events come). */
    private static String shownLanguage(Browser browser) {
        return (String) browser.script("const n = document.getElementById('call-language'); return n ? n.textContent : null");
    }
}
