package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.audio.G711;
import io.vertx.core.http.HttpMethod;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * {@code RECORDING=on} behind an {@code API_TOKEN}: a caller sends a tone and presses a key, and the
 * echo agent plays the tone back. The call's page, opened while the call goes on, says the recording
 * is being written; once the call has ended it plays the WAV (fetched with the token's header into a
 * Blob, as {@code <audio src>} could not send it), draws both
 * channels (caller above, what was played to them below), and a click on the key's transcript line
 * or on the waveform moves the audio there.
 */
class RecordingPlaysWithWaveformAndSeeksTest {
    /** Counts drawn pixels per lane that lie away from the lane's middle line: real peaks, not a silent line. */
    private static final String LANE_INK = """
            const c = document.getElementById('waveform');
            if (!c || c.width < 10) return null;
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            const lane = c.height / 2, ink = [0, 0];
            for (let y = 0; y < c.height; y++) {
              const l = y < lane ? 0 : 1, mid = lane * l + lane / 2;
              if (Math.abs(y - mid) < 4) continue;
              for (let x = 4; x < c.width; x++) if (d[(y * c.width + x) * 4 + 3] > 0) ink[l]++;
            }
            return ink;""";

    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private static final Map<String, String> AUTH = Map.of("Authorization", "Bearer " + TOKEN);

    @TempDir
    Path dir;

    private static JsonNode record(GatewayFixture gw, String path) {
        return gw.request(HttpMethod.GET, path, null, AUTH).json();
    }

    @Test
    void theRecordingPlaysWithBothChannelsDrawnAndSeeksFromTheTranscript() throws Exception {
        try (GatewayFixture gw = new GatewayFixture(dir, "RECORDING", "on", "API_TOKEN", TOKEN); Browser browser = new Browser()) {
            Calls.StreamAnswer answer = Calls.answered(gw, "CA00000000000000000000000000000e01");
            String id = answer.callId();
            try (RawTwilioStream twilio = new RawTwilioStream(gw.vertx, gw.port())) {
                twilio.connected();
                twilio.start(answer);
                Awaitility.await().until(() -> record(gw, "/api/calls/" + id).path("status").asText().equals("in-progress"));
                browser.open(gw.base() + "/calls/" + id);
                browser.find("#token").sendKeys(TOKEN);
                browser.find("#token-form button").click();
                assertThat(browser.textOf("#recording-status")).contains("being written");

                byte[] tone = new byte[160];
                int seq = 2;
                for (int f = 0; f < 100; f++) {
                    for (int i = 0; i < 160; i++) tone[i] = G711.linearToUlaw((short) (9000 * Math.sin((f * 160 + i) * 0.3)));
                    twilio.media(seq++, Base64.getEncoder().encodeToString(tone));
                    if (f == 60) twilio.dtmf(seq++, '7');
                    Thread.sleep(20);
                }
                twilio.stop(seq, RawTwilioStream.STREAM_SID);
            }
            Awaitility.await().until(() -> record(gw, "/api/calls/" + id).path("recording").isObject());
            JsonNode recording = record(gw, "/api/calls/" + id).path("recording");
            assertThat(gw.get("/api/calls/" + id + "/recording").status()).as("the file needs the token").isEqualTo(401);
            long keyAtMs = -1;
            for (JsonNode e : record(gw, "/api/calls/" + id + "/transcript").path("entries")) {
                if (e.path("kind").asText().equals("dtmf")) keyAtMs = e.path("startMs").asLong();
            }
            // Well inside the file (the page was opened before the tone, so its start is some way in).
            assertThat(keyAtMs).as("the key's time on the call's timeline").isBetween(1200L, recording.path("durationMs").asLong() - 500);

            // The page retried by itself after the call ended: the player has the whole file.
            double duration = ((Number) browser.until(d -> browser.script(
                    "const a = document.querySelector('audio'); return a && isFinite(a.duration) && a.duration > 0 ? a.duration : null"))).doubleValue();
            assertThat(duration).isCloseTo(recording.path("durationMs").asLong() / 1000.0, within(0.05));
            assertThat((String) browser.script("return document.querySelector('audio').src")).startsWith("blob:");
            @SuppressWarnings("unchecked")
            List<Number> ink = (List<Number>) browser.until(d -> {
                Object r = browser.script(LANE_INK);
                return r instanceof List<?> l && ((Number) l.get(0)).intValue() > 0 && ((Number) l.get(1)).intValue() > 0 ? r : null;
            });
            assertThat(ink).as("drawn pixels in the caller's and the agent's lanes").allSatisfy(n -> assertThat(n.intValue()).isGreaterThan(100));

            // The key's line plays from the key's moment: the file's zero is the transcript's.
            WebElement key = browser.find("#transcript.can-seek li.kind-dtmf[data-start-ms]");
            key.click();
            double expected = keyAtMs / 1000.0;
            browser.until(d -> Math.abs(((Number) browser.script("return document.querySelector('audio').currentTime")).doubleValue() - expected) < 0.02 ? true : null);
            // Lines without a time are not links.
            assertThat(browser.driver.findElements(By.cssSelector("#transcript li:not([data-start-ms])")).stream()
                    .allMatch(li -> li.getCssValue("cursor").equals("auto") || li.getCssValue("cursor").equals("default"))).isTrue();

            // A click three quarters along the waveform seeks three quarters into the file.
            WebElement canvas = browser.find("#waveform");
            int width = canvas.getSize().getWidth();
            new Actions(browser.driver).moveToElement(canvas, width / 4, 0).click().perform();
            browser.until(d -> Math.abs(((Number) browser.script("return document.querySelector('audio').currentTime")).doubleValue()
                    - duration * 0.75) < duration * 0.02 ? true : null);
            browser.script("document.getElementById('recording').scrollIntoView()");
            browser.screenshot("call-recording");

            // On a phone the waveform is redrawn to the new width, and the page still fits it.
            long wide = ((Number) browser.script("return document.getElementById('waveform').width")).longValue();
            browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
            browser.until(d -> {
                Object w = browser.script("const c = document.getElementById('waveform');"
                        + " return c.width === Math.round(c.clientWidth * (window.devicePixelRatio || 1)) ? c.width : null");
                return w != null && ((Number) w).longValue() < wide ? true : null;
            });
            @SuppressWarnings("unchecked")
            List<Number> narrowInk = (List<Number>) browser.script(LANE_INK);
            assertThat(narrowInk).allSatisfy(n -> assertThat(n.intValue()).isGreaterThan(20));
            assertThat(browser.script("return document.documentElement.scrollWidth <= window.innerWidth")).isEqualTo(true);
            browser.script("document.getElementById('recording').scrollIntoView()");
            browser.screenshot("call-recording-phone");
            browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));

            // Leaving the page lets the file go: its object URL no longer plays (the CSP's media-src allows
            // blob: URLs, so an error here is the revocation, not the policy).
            String blobUrl = (String) browser.script("return document.querySelector('audio').src");
            String probe = "const done = arguments[arguments.length - 1]; const a = new Audio();"
                    + " a.onloadedmetadata = () => done('still there'); a.onerror = () => done('revoked'); a.src = arguments[0];";
            assertThat(browser.driver.executeAsyncScript(probe, blobUrl)).as("the probe works while the page holds it").isEqualTo("still there");
            browser.driver.findElement(By.linkText("← Live calls")).click();
            browser.find("#live-calls");
            assertThat(browser.driver.executeAsyncScript(probe, blobUrl)).isEqualTo("revoked");
        }
    }
}
