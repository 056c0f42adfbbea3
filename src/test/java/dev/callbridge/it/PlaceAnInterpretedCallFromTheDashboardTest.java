package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.engine.translate.FakeApertiumApy;
import dev.callbridge.engine.translate.FakeTranslationServer;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.support.ui.Select;

/**
 * Choosing the interpreter on {@code /new-call} asks for party B and both languages. A pair the
 * translator cannot serve is refused by the API (it asks the engine before dialling) and the
 * message sits by party B's language; with a pair it serves, A is dialled and the call's page
 * opens, its record holding B and the two languages.
 */
class PlaceAnInterpretedCallFromTheDashboardTest {
    private static final String TOKEN = "abcdef0123456789abcdef0123456789";
    private static final Pattern CALL_URL = Pattern.compile(".*/calls/(c_[0-9a-f]+)$");

    @TempDir
    Path dir;

    @Test
    void partyBAndThePairAreAskedForAndAnUnservedPairIsShownByTheLanguage() {
        Vertx fakes = Vertx.vertx();
        FakeTranslationServer apy = FakeTranslationServer.start(fakes, new FakeApertiumApy(5, List.of("eng|spa", "spa|eng")), 5);
        try (FakeTwilioApi twilio = new FakeTwilioApi(fakes, TOKEN);
             GatewayFixture gw = new GatewayFixture(dir, InterpreterEnv.of(apy.baseUrl(), "TWILIO_ACCOUNT_SID", FakeTwilioApi.ACCOUNT_SID,
                     "TWILIO_AUTH_TOKEN", TOKEN, "TWILIO_API_URL", twilio.url(), "TWILIO_PHONE_NUMBER", "+15559870000",
                     "PUBLIC_URL", "https://bot.example.com"));
             Browser browser = new Browser()) {
            browser.open(gw.base() + "/new-call");
            assertThat(browser.find("#nc-party-b").isDisplayed()).as("no party B for other agents").isFalse();
            browser.find("#nc-to").sendKeys("+15551230000");
            new Select(browser.find("#nc-agent")).selectByValue("interpreter");
            assertThat(browser.find("#nc-party-b").isDisplayed()).isTrue();
            assertThat(browser.find("#nc-language").isDisplayed()).as("A's language is asked with B's").isFalse();
            browser.find("#nc-b-to").sendKeys("+34911222333");
            browser.find("#nc-lang-a").sendKeys("en");
            browser.find("#nc-lang-b").sendKeys("fr");
            browser.find("#nc-submit").click();

            assertThat(browser.textOf("#nc-lang-b-error"))
                    .isEqualTo("interpreter.languages: the apertium translator cannot translate en→fr; the apertium translator cannot translate fr→en");
            assertThat(browser.find("#nc-lang-b").getAttribute("aria-invalid")).isEqualTo("true");
            assertThat(twilio.createdCalls).as("nothing was dialled").isEmpty();
            browser.screenshot("place-an-interpreted-call");

            browser.find("#nc-lang-b").clear();
            browser.find("#nc-lang-b").sendKeys("es");
            browser.find("#nc-submit").click();
            String url = browser.until(d -> CALL_URL.matcher(d.getCurrentUrl()).matches() ? d.getCurrentUrl() : null);
            Matcher m = CALL_URL.matcher(url);
            assertThat(m.matches()).isTrue();
            String callId = m.group(1);
            assertThat(browser.textOf("#call-id")).isEqualTo(callId);

            JsonNode call = gw.get("/api/calls/" + callId).json();
            assertThat(call.path("agent").asText()).isEqualTo("interpreter");
            assertThat(call.path("interpreter").path("languages").path("a").asText()).isEqualTo("en");
            assertThat(call.path("interpreter").path("languages").path("b").asText()).isEqualTo("es");
            assertThat(call.path("interpreter").path("b").path("to").asText()).isEqualTo("+34911222333");
            assertThat(twilio.createdCalls).as("A is dialled; B once A answers").hasSize(1);
            assertThat(twilio.createdCalls.get(0).get("To")).isEqualTo("+15551230000");
        } finally {
            apy.close();
            fakes.close().await();
        }
    }
}
