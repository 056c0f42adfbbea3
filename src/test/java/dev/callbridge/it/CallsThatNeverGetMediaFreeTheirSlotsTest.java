package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A signed voice webhook answered with {@code <Connect><Stream>} whose stream never starts (no
 * socket, or one reset before {@code start}) ends as {@code failed}, {@code no-media}, after
 * {@code MEDIA_START_TIMEOUT_SECONDS}, and its slot is free again. A stream that starts in time
 * keeps its call.
 */
class CallsThatNeverGetMediaFreeTheirSlotsTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private static final String PUBLIC_URL = "https://bot.example.com";
    private static final int SLOTS = 8;

    @TempDir
    Path dir;

    private GatewayFixture gateway() {
        return new GatewayFixture(dir, "TWILIO_AUTH_TOKEN", TOKEN, "PUBLIC_URL", PUBLIC_URL,
                "MAX_CONCURRENT_CALLS", String.valueOf(SLOTS), "MEDIA_START_TIMEOUT_SECONDS", "1");
    }

    private static GatewayFixture.Response voice(GatewayFixture gw, String callSid) {
        return Calls.postSigned(gw, "/twilio/voice", PUBLIC_URL, TOKEN, Calls.formParams(callSid));
    }

    private static int activeCalls(GatewayFixture gw) {
        return gw.get("/stats").json().path("activeCalls").asInt();
    }

    private static String streamSignature() {
        return Signing.sign(TOKEN, "wss://bot.example.com/ws/twilio-media", Map.of());
    }

    /** A signed media upgrade that completes, then a TCP reset before any message. */
    private static void openAndResetBeforeStart(GatewayFixture gw) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gw.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /ws/twilio-media HTTP/1.1\r\nHost: 127.0.0.1:" + gw.port() + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + "X-Twilio-Signature: " + streamSignature() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) break;
                head.append((char) b);
            }
            assertThat(head.toString()).startsWith("HTTP/1.1 101");
            socket.setSoLinger(true, 0); // close() now sends RST
        }
    }

    @Test
    void ringingCallsWhoseStreamNeverStartsEndAsNoMediaAndFreeTheirSlots() throws Exception {
        try (GatewayFixture gw = gateway()) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < SLOTS; i++) {
                GatewayFixture.Response r = voice(gw, String.format("CA%032d", i));
                assertThat(r.status()).isEqualTo(200);
                ids.add(Calls.callId(r.body()));
                if (i % 2 == 1) openAndResetBeforeStart(gw); // half of them: the socket opens and resets before start
            }
            assertThat(activeCalls(gw)).isEqualTo(SLOTS);
            assertThat(voice(gw, "CA99999999999999999999999999999999").body()).as("every slot is taken").contains("<Hangup/>");
            long lastWebhook = System.nanoTime();

            await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> assertThat(activeCalls(gw))
                    .as("slots held by ringing calls %d ms after the last webhook (MEDIA_START_TIMEOUT_SECONDS=1)",
                            (System.nanoTime() - lastWebhook) / 1_000_000)
                    .isZero());
            for (String id : ids) {
                var call = Calls.awaitStatus(gw, id, "failed");
                assertThat(call.path("endReason").asText()).isEqualTo("no-media");
                assertThat(call.path("answeredAt").isNull()).isTrue();
            }
            assertThat(Calls.metric(gw, "callbridge_calls_ended_total", "status=\"failed\"")).isEqualTo(SLOTS);
            assertThat(voice(gw, "CA88888888888888888888888888888888").body()).as("a free slot takes the next caller")
                    .contains("<Connect><Stream");
        }
    }

    @Test
    void aStreamThatStartsInTimeKeepsItsCallPastTheTimeout() {
        try (GatewayFixture gw = gateway();
             RawTwilioStream twilio = new RawTwilioStream(gw.vertx, gw.port(), streamSignature())) {
            Calls.StreamAnswer answer = Calls.streamAnswer(voice(gw, RawTwilioStream.CALL_SID).body());
            twilio.connected();
            twilio.start(answer);
            Calls.awaitStatus(gw, answer.callId(), "in-progress");
            await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(4))
                    .until(() -> gw.get("/api/calls/" + answer.callId()).json().path("status").asText().equals("in-progress"));
            String frame = Base64.getEncoder().encodeToString(new byte[160]);
            twilio.media(2, frame);
            await().until(() -> twilio.received.stream().anyMatch(m -> m.contains("\"event\":\"media\"")));
            assertThat(activeCalls(gw)).isEqualTo(1);
        }
    }
}
