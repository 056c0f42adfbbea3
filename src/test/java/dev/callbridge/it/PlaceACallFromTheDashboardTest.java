package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * {@code /new-call}: the form posts {@code POST /api/calls}. A number the API refuses is shown next
 * to the To field (marked invalid for screen readers) and nothing is dialled, and so is a metadata
 * value the API refuses, by its row; once fixed, the call is placed once (even on a double click),
 * with its metadata, and the browser is on the call's page without a reload.
 */
class PlaceACallFromTheDashboardTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private static final String NUMBER = "+15551230000";
    private static final Pattern CALL_URL = Pattern.compile(".*/calls/(c_[0-9a-f]+)$");

    @TempDir
    Path dir;

    @Test
    void aRefusedNumberIsShownByItsFieldAndAFixedOneOpensThePlacedCall() {
        Vertx vertx = Vertx.vertx();
        try (FakeTwilioApi twilio = new FakeTwilioApi(vertx, TOKEN);
             GatewayFixture gw = new GatewayFixture(dir, "TWILIO_ACCOUNT_SID", FakeTwilioApi.ACCOUNT_SID,
                     "TWILIO_AUTH_TOKEN", TOKEN, "TWILIO_API_URL", twilio.url(), "TWILIO_PHONE_NUMBER", "+15559870000",
                     "PUBLIC_URL", "https://bot.example.com");
             Browser browser = new Browser()) {
            twilio.gatewayPort(gw.port());
            twilio.callee(NUMBER, TwilioCallee.answers().ringing(Duration.ofSeconds(30))); // it rings while we look

            browser.open(gw.base() + "/new-call");
            WebElement to = browser.find("#nc-to");
            assertThat(browser.driver.getTitle()).startsWith("Place a call");
            to.sendKeys("12");
            browser.find("#nc-language").sendKeys("de");
            new Select(browser.find("#nc-agent")).selectByValue("echo");
            new Select(browser.find("#nc-record")).selectByValue("false");
            browser.find("#nc-meta-key-1").sendKeys("crm");
            browser.find("#nc-meta-value-1").sendKeys("42");
            browser.find("#nc-metadata-add").click();
            browser.find("#nc-meta-key-2").sendKeys("note");
            browser.script("arguments[0].value = 'x'.repeat(1001);", browser.find("#nc-meta-value-2")); // over the API's limit
            browser.script("window.sameDocument = true;"); // gone if the page reloads
            browser.find("#nc-submit").click();

            String error = browser.textOf("#nc-to-error");
            assertThat(error).startsWith("to: ").contains("12");
            assertThat(to.getAttribute("aria-invalid")).isEqualTo("true");
            assertThat(to.getAttribute("aria-describedby")).contains("nc-to-error");
            assertThat(browser.find("#nc-language").getAttribute("aria-invalid")).isNull();
            assertThat(browser.find("#nc-alert").isDisplayed()).isFalse();
            assertThat(browser.driver.findElements(By.cssSelector("label[for='nc-to']"))).hasSize(1);
            assertThat(browser.find("#nc-submit").isEnabled()).isTrue();
            assertThat(twilio.requests).as("a refused form dials nobody").isEmpty();
            browser.script("window.scrollTo(0, 0);");
            browser.screenshot("place-a-call");

            // The number fixed, the API finds the next problem: the long value, shown by its own row.
            to.clear();
            to.sendKeys(NUMBER);
            browser.find("#nc-submit").click();
            assertThat(browser.textOf("#nc-metadata-error")).startsWith("metadata.note: ");
            assertThat(browser.find("#nc-to-error").isDisplayed()).isFalse();
            assertThat(to.getAttribute("aria-invalid")).isNull();
            assertThat(browser.find("#nc-meta-value-2").getAttribute("aria-invalid")).isEqualTo("true");
            assertThat(browser.find("#nc-meta-value-2").getAttribute("aria-describedby")).contains("nc-metadata-error");
            assertThat(browser.find("#nc-meta-value-1").getAttribute("aria-invalid")).isNull();
            assertThat(twilio.requests).isEmpty();

            // Fixed, and submitted twice at once: the button is disabled while posting, so one call is placed.
            browser.find("#nc-meta-value-2").clear();
            browser.find("#nc-meta-value-2").sendKeys("<b>call back</b>");
            browser.script("const b = document.getElementById('nc-submit'); b.click(); b.click();");
            String url = browser.until(d -> CALL_URL.matcher(d.getCurrentUrl()).matches() ? d.getCurrentUrl() : null);
            Matcher m = CALL_URL.matcher(url);
            assertThat(m.matches()).isTrue();
            String id = m.group(1);
            assertThat(browser.script("return window.sameDocument === true;")).as("in-app navigation, no reload").isEqualTo(true);
            assertThat(browser.textOf("#call-id")).isEqualTo(id);
            assertThat(browser.textOf("#call-status")).isIn("queued", "ringing");
            assertThat(browser.textOf("#call-metadata")).contains("crm").contains("42").contains("<b>call back</b>");

            assertThat(twilio.createdCalls).hasSize(1);
            MultiMap sent = twilio.createdCalls.get(0);
            assertThat(sent.get("To")).isEqualTo(NUMBER);
            assertThat(sent.get("Twiml")).contains("<Parameter name=\"callId\" value=\"" + id + "\"/>");
            JsonNode record = gw.get("/api/calls/" + id).json();
            assertThat(record.path("to").asText()).isEqualTo(NUMBER);
            assertThat(record.path("language").asText()).isEqualTo("de");
            assertThat(record.path("agent").asText()).isEqualTo("echo");
            assertThat(record.path("metadata").path("crm").asText()).isEqualTo("42");
            assertThat(record.path("metadata").path("note").asText()).isEqualTo("<b>call back</b>");
            assertThat(record.path("metadata").size()).isEqualTo(2);
        } finally {
            vertx.close().await();
        }
    }
}
