package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.audio.G711;
import dev.callbridge.recording.Recordings;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * {@code RECORDING=on}: a caller sends a tone and presses a key, and the echo agent plays the tone
 * back. The call's page, opened while the call goes on, says the recording is being written; once
 * the call has ended it plays the WAV (fetched with the API's headers into a Blob), draws both
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

    @TempDir
    Path dir;

    @Test
    void theRecordingPlaysWithBothChannelsDrawnAndSeeksFromTheTranscript() throws Exception {
        try (GatewayFixture gw = new GatewayFixture(dir, "RECORDING", "on"); Browser browser = new Browser()) {
            Calls.StreamAnswer answer = Calls.answered(gw, "CA00000000000000000000000000000e01");
            String id = answer.callId();
            try (RawTwilioStream twilio = new RawTwilioStream(gw.vertx, gw.port())) {
                twilio.connected();
                twilio.start(answer);
                Calls.awaitStatus(gw, id, "in-progress");
                browser.open(gw.base() + "/calls/" + id);
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
            JsonNode recording = Recordings.awaitRecording(gw, id);
            long keyAtMs = -1;
            for (JsonNode e : gw.get("/api/calls/" + id + "/transcript").json().path("entries")) {
                if (e.path("kind").asText().equals("dtmf")) keyAtMs = e.path("startMs").asLong();
            }
            assertThat(keyAtMs).as("the key's time on the call's timeline").isBetween(900L, 2500L);

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
        }
    }
}
