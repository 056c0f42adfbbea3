package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.agent.Agent;
import dev.callbridge.agent.CallContext;
import dev.callbridge.audio.AudioChunk;
import dev.callbridge.call.Direction;
import dev.callbridge.call.EndReason;
import dev.callbridge.call.Leg;
import dev.callbridge.call.TranscriptEntry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Text from a call is text: an agent line holding {@code <script>} and an {@code <img onerror>},
 * and metadata holding a script, show up on the call's page as the characters they are, and none
 * of them runs (the flags they would set on {@code window} stay unset). The agent's line is also
 * an interrupted one, which the page marks.
 */
class ScriptInATranscriptRendersAsTextTest {
    private static final String TOKEN = "fedcba9876543210fedcba9876543210";
    private static final String HOSTILE_LINE = "<script>window.__pwned='script'</script><img src=x onerror=\"window.__pwned='img'\"> hi";
    private static final String HOSTILE_NOTE = "<script>window.__pwnedByMetadata=1</script>";

    @TempDir
    Path dir;

    /** Says one hostile line, marked interrupted, as it starts; then stays quiet. */
    static final class HostileAgent implements Agent {
        @Override
        public Future<Void> start(CallContext ctx) {
            ctx.transcribe(Direction.OUTBOUND, TranscriptEntry.Speaker.AGENT, TranscriptEntry.Kind.SPEECH, HOSTILE_LINE, 0L, 400L, true);
            return Future.succeededFuture();
        }

        @Override public void onAudio(Leg from, AudioChunk chunk) { }
        @Override public void onDtmf(Leg from, char digit) { }
        @Override public void onHeard(Leg to, Object tag) { }
        @Override public void stop(EndReason reason) { }
    }

    @Test
    void hostileTextFromACallRendersAsTextAndRunsNothing() {
        Vertx vertx = Vertx.vertx();
        Map<String, Supplier<Agent>> agents = Map.of("hostile", HostileAgent::new);
        try (FakeTwilioApi twilio = new FakeTwilioApi(vertx, TOKEN);
             GatewayFixture gw = new GatewayFixture(dir, agents, "TWILIO_ACCOUNT_SID", FakeTwilioApi.ACCOUNT_SID,
                     "TWILIO_AUTH_TOKEN", TOKEN, "TWILIO_API_URL", twilio.url(), "TWILIO_PHONE_NUMBER", "+15559870000",
                     "PUBLIC_URL", "https://bot.example.com");
             Browser browser = new Browser()) {
            twilio.gatewayPort(gw.port());
            GatewayFixture.Response r = gw.postJson("/api/calls", "{\"to\":\"+15551230000\",\"agent\":\"hostile\",\"metadata\":{\"note\":\""
                    + HOSTILE_NOTE.replace("\"", "\\\"") + "\"}}");
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            String id = r.json().path("id").asText();
            org.awaitility.Awaitility.await().until(() -> gw.get("/api/calls/" + id + "/transcript").json().path("entries").size() >= 1);

            browser.open(gw.base() + "/calls/" + id);
            WebElement line = browser.until(d -> d.findElements(By.cssSelector("#transcript .speaker-agent .text")).stream().findFirst().orElse(null));
            assertThat(line.getText()).isEqualTo(HOSTILE_LINE);
            assertThat(line.findElements(By.xpath(".//*"))).as("no element was made from the text").isEmpty();
            assertThat(browser.driver.findElement(By.cssSelector("#transcript .speaker-agent .interrupted")).getText()).isEqualTo("interrupted");
            assertThat(browser.textOf("#call-metadata dd")).isEqualTo(HOSTILE_NOTE);
            assertThat(browser.driver.findElements(By.cssSelector("#main script, #main img"))).isEmpty();
            // An onerror would have fired by now had the image been made; the page has settled.
            browser.textOf("#call-status");
            assertThat(browser.script("return [window.__pwned === undefined, window.__pwnedByMetadata === undefined]"))
                    .isEqualTo(List.of(true, true));
            browser.screenshot("call-transcript-escaped");
        } finally {
            vertx.close().await();
        }
    }
}
