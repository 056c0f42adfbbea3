package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.engine.translate.FakeApertiumApy;
import dev.callbridge.engine.translate.FakeTranslationServer;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * A live call's language can be changed from its page: the field starts at the call's language,
 * a good tag switches the call (the record says so, and the page shows it), and a malformed one is
 * refused with the API's own message next to the field, leaving the call's language alone. On an
 * interpreted call either party's can be changed, and a pair the translator does not serve is
 * refused with the API's message.
 */
class LanguageChangeFromTheCallPageTest {
    @TempDir
    Path dir;

    @Test
    void aGoodTagSwitchesTheCallAndABadOneShowsTheApisMessage() {
        try (GatewayFixture gw = new GatewayFixture(dir); Browser browser = new Browser();
             RawTwilioStream twilio = new RawTwilioStream(gw.vertx, gw.port())) {
            String id = Calls.inProgress(gw, twilio, "CA00000000000000000000000000000e03");

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

    @Test
    void onAnInterpretedCallEitherPartyCanSwitchWithinWhatTheTranslatorServes() {
        String token = "fedcba9876543210fedcba9876543210";
        Vertx fakes = Vertx.vertx();
        FakeTranslationServer apy = FakeTranslationServer.start(fakes, new FakeApertiumApy(7,
                List.of("eng|spa", "spa|eng", "eng|fra", "fra|eng", "spa|fra")), 7);
        try (FakeTwilioApi twilio = new FakeTwilioApi(fakes, token);
             GatewayFixture gw = new GatewayFixture(dir, InterpreterEnv.of(apy.baseUrl(), "TWILIO_ACCOUNT_SID", FakeTwilioApi.ACCOUNT_SID,
                     "TWILIO_AUTH_TOKEN", token, "TWILIO_API_URL", twilio.url(), "TWILIO_PHONE_NUMBER", "+15559870000"));
             Browser browser = new Browser()) {
            // A's phone rings all through the test: the call stays live.
            twilio.callee("+15551230000", new TwilioCallee(TwilioCallee.Outcome.ANSWERS, Duration.ofSeconds(60), true, false));
            GatewayFixture.Response created = gw.postJson("/api/calls",
                    "{\"to\":\"+15551230000\",\"interpreter\":{\"to\":\"+34911222333\",\"languages\":{\"a\":\"en\",\"b\":\"es\"}}}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String id = created.json().path("id").asText();

            browser.open(gw.base() + "/calls/" + id);
            browser.until(d -> "es".equals(browser.script("const n = document.getElementById('call-language-b'); return n ? n.textContent : null")) ? true : null);
            WebElement party = browser.until(d -> d.findElement(By.id("language-party")).isDisplayed() ? d.findElement(By.id("language-party")) : null);
            WebElement field = browser.find("#language-input");
            new Select(party).selectByValue("b");
            assertThat(field.getDomProperty("value")).as("the field follows the chosen party").isEqualTo("es");
            field.clear();
            field.sendKeys("fr", Keys.ENTER);
            browser.until(d -> "fr".equals(browser.script("return document.getElementById('call-language-b').textContent")) ? true : null);
            assertThat(gw.get("/api/calls/" + id).json().path("interpreter").path("languages").path("b").asText()).isEqualTo("fr");

            // Spanish for A would need French to Spanish, which this translator lacks.
            new Select(party).selectByValue("a");
            field.clear();
            field.sendKeys("es", Keys.ENTER);
            assertThat(browser.textOf("#language-error")).isEqualTo("language: the apertium translator cannot translate fr→es");
            assertThat(shownLanguage(browser)).isEqualTo("en");
            assertThat(gw.get("/api/calls/" + id).json().path("language").asText()).isEqualTo("en");
            browser.screenshot("call-language-interpreted");
        } finally {
            apy.close();
            fakes.close().await();
        }
    }

    /** The language in the call's facts (read in one step: the facts are redrawn as events come). */
    private static String shownLanguage(Browser browser) {
        return (String) browser.script("const n = document.getElementById('call-language'); return n ? n.textContent : null");
    }
}
