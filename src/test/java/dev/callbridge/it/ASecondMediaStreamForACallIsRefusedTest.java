package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A call takes exactly one media stream. The upgrade signature covers only the fixed stream URL,
 * so one captured signature opens any number of sockets; a second socket whose {@code start}
 * names a live call (even with everything the TwiML said) is closed with 1008 and counted, gets
 * none of the call's audio, and the first stream goes on untouched.
 */
class ASecondMediaStreamForACallIsRefusedTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private static final String PUBLIC_URL = "https://bot.example.com";

    @TempDir
    Path dir;

    private static String streamSignature() {
        return Signing.sign(TOKEN, "wss://bot.example.com/ws/twilio-media", Map.of());
    }

    private static long mediaMessages(RawTwilioStream s, String payload) {
        return s.received.stream().filter(m -> m.contains("\"event\":\"media\"") && m.contains(payload)).count();
    }

    @Test
    void theSecondStreamIsClosedAndTheFirstKeepsItsAudio() {
        try (GatewayFixture gw = new GatewayFixture(dir, "TWILIO_AUTH_TOKEN", TOKEN, "PUBLIC_URL", PUBLIC_URL);
             RawTwilioStream first = new RawTwilioStream(gw.vertx, gw.port(), streamSignature());
             RawTwilioStream second = new RawTwilioStream(gw.vertx, gw.port(), streamSignature())) {
            Calls.StreamAnswer answer = Calls.streamAnswer(
                    Calls.postSigned(gw, "/twilio/voice", PUBLIC_URL, TOKEN, Calls.formParams(RawTwilioStream.CALL_SID)).body());
            first.connected();
            first.start(answer);
            Calls.awaitStatus(gw, answer.callId(), "in-progress");
            String one = Base64.getEncoder().encodeToString(new byte[160]);
            first.media(2, one);
            await().until(() -> mediaMessages(first, one) == 1);

            second.connected();
            second.start(answer); // the same callId, and the same parameters as the TwiML's
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(second.isClosed())
                    .as("second socket still open, %d media messages of the call received", second.received.stream()
                            .filter(m -> m.contains("\"event\":\"media\"")).count())
                    .isTrue());
            assertThat(second.closeStatus.get()).isEqualTo((short) 1008);
            assertThat(Calls.metric(gw, "callbridge_media_protocol_errors_total", "kind=\"second_stream\"")).isEqualTo(1);

            byte[] b = new byte[160];
            b[0] = 42;
            String two = Base64.getEncoder().encodeToString(b);
            first.media(3, two);
            await().until(() -> mediaMessages(first, two) == 1);
            assertThat(second.received).noneMatch(m -> m.contains("\"event\":\"media\""));
            assertThat(first.isClosed()).isFalse();
            assertThat(gw.get("/api/calls/" + answer.callId()).json().path("status").asText()).isEqualTo("in-progress");
        }
    }
}
