package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.audio.SpokenAudio;
import dev.callbridge.audio.Wav;
import dev.callbridge.sim.CallerAudio;
import dev.callbridge.sim.GatewayTarget;
import dev.callbridge.sim.PlaybackClock;
import dev.callbridge.sim.SimulationResult;
import dev.callbridge.sim.TwilioCallSimulator;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped simulator drives the real gateway with real speech: FreeTTS says a sentence into
 * a 16 kHz WAV, the simulator reads it, resamples it to μ-law and sends it as Twilio would, with
 * signed requests. Every frame comes back, in order, byte for byte.
 */
class SpokenCallThroughTheGatewayTest {
    private static final String TOKEN = "a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4";
    private static final String PUBLIC_URL = "https://voice.example.com";

    @TempDir
    Path dir;

    @Test
    void realSpeechIsEchoedFrameForFrameAndTheCallIsRecorded() throws Exception {
        Path speech = dir.resolve("speech-16k.wav");
        Wav.write(speech, SpokenAudio.chunk("Good evening. Table for four at eight, please.", AudioFormat.L16_16K));
        byte[] caller = CallerAudio.load(speech);
        assertThat(caller.length).as("a couple of seconds of speech").isGreaterThan(8000);

        try (GatewayFixture gw = new GatewayFixture(dir.resolve("data"), "TWILIO_AUTH_TOKEN", TOKEN, "PUBLIC_URL", PUBLIC_URL)) {
            GatewayTarget target = new GatewayTarget(URI.create(gw.base()), URI.create(PUBLIC_URL), Optional.of(TOKEN));
            long callMillis = caller.length / 8 + 1000;
            var options = new TwilioCallSimulator.Options(target, caller, callMillis, "5#", "+15551230000", "+15559870000");
            SimulationResult result = new TwilioCallSimulator(gw.vertx, options, PlaybackClock.system(), new SplittableRandom(1),
                    counters -> { }).run().await();

            assertThat(result.outcome()).as(result.detail()).isEqualTo(SimulationResult.Outcome.COMPLETED);
            assertThat(result.counters().framesReceived()).isEqualTo(result.counters().framesSent());
            assertFramesHeardInOrder(caller, result.heardAudio());

            String id = result.callId();
            Calls.awaitStatus(gw, id, "completed");
            await().until(() -> gw.get("/api/calls/" + id + "/transcript").json().path("entries").size() == 4);
            JsonNode entries = gw.get("/api/calls/" + id + "/transcript").json().path("entries");
            assertThat(entries.get(1).path("text").asText()).isEqualTo("5");
            assertThat(entries.get(2).path("text").asText()).isEqualTo("#");
        }
    }

    /** Every 20 ms frame the caller sent is in what they heard back, in the same order (gaps of silence allowed). */
    private static void assertFramesHeardInOrder(byte[] sent, byte[] heard) {
        int from = 0;
        for (int off = 0; off + 160 <= sent.length; off += 160) {
            int at = indexOf(heard, sent, off, from);
            assertThat(at).as("frame at %d ms heard after %d ms", off / 8, from / 8).isGreaterThanOrEqualTo(0);
            from = at + 160;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle, int needleOff, int from) {
        outer:
        for (int i = from; i + 160 <= haystack.length; i++) {
            for (int j = 0; j < 160; j++) if (haystack[i + j] != needle[needleOff + j]) continue outer;
            return i;
        }
        return -1;
    }
}
