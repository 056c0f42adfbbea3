package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The TwiML gives each call a secret {@code callToken} parameter, which Twilio echoes in the
 * stream's {@code start}. A {@code start} that names a live call without it, or with another
 * value, is closed with 1008 and counted, and nothing is attached: knowing a call id is not
 * enough. The token lives only in memory: it is in no log line, API answer or stored record.
 */
class MediaStreamStartNeedsTheCallTokenTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private static final String PUBLIC_URL = "https://bot.example.com";

    @TempDir
    Path dir;
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void captureLogs() {
        logged.start();
        root.addAppender(logged);
    }

    @AfterEach
    void stopCapturing() {
        root.detachAppender(logged);
    }

    private static String streamSignature() {
        return Signing.sign(TOKEN, "wss://bot.example.com/ws/twilio-media", Map.of());
    }

    private static Calls.StreamAnswer voice(GatewayFixture gw, String callSid) {
        return Calls.streamAnswer(Calls.postSigned(gw, "/twilio/voice", PUBLIC_URL, TOKEN, Calls.formParams(callSid)).body());
    }

    private static double refused(GatewayFixture gw) {
        return Calls.metric(gw, "callbridge_media_protocol_errors_total", "kind=\"bad_call_token\"");
    }

    private static void assertRefused(GatewayFixture gw, Map<String, String> customParameters, String what) {
        try (RawTwilioStream s = new RawTwilioStream(gw.vertx, gw.port(), streamSignature())) {
            s.connected();
            s.start(customParameters);
            s.mediaIfOpen(2, Base64.getEncoder().encodeToString(new byte[160])); // it may be closed already
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(s.isClosed())
                    .as("%s: still open, %d messages received", what, s.received.size()).isTrue());
            assertThat(s.closeStatus.get()).as(what).isEqualTo((short) 1008);
            assertThat(s.received).as(what).noneMatch(m -> m.contains("\"event\":\"media\""));
        }
    }

    @Test
    void aStartWithoutTheCallsTokenIsRefusedAndTheRightOneIsTaken() {
        try (GatewayFixture gw = new GatewayFixture(dir, "TWILIO_AUTH_TOKEN", TOKEN, "PUBLIC_URL", PUBLIC_URL)) {
            Calls.StreamAnswer answer = voice(gw, RawTwilioStream.CALL_SID);
            String token = answer.parameters().get("callToken");
            assertThat(token).as("the TwiML's parameters: %s", answer.parameters()).isNotNull().matches("[A-Za-z0-9_-]{22,}");
            assertThat(voice(gw, "CA00000000000000000000000000000002").parameters().get("callToken"))
                    .as("each call its own").isNotEqualTo(token);

            assertRefused(gw, Map.of("callId", answer.callId()), "callId alone");
            Map<String, String> wrong = new HashMap<>(answer.parameters());
            wrong.put("callToken", (token.charAt(0) == 'A' ? "B" : "A") + token.substring(1));
            assertRefused(gw, wrong, "a token one character off");
            Map<String, String> otherCalls = new HashMap<>(answer.parameters());
            otherCalls.put("callToken", voice(gw, "CA00000000000000000000000000000003").parameters().get("callToken"));
            assertRefused(gw, otherCalls, "another call's token");
            assertThat(refused(gw)).isEqualTo(3);
            assertThat(gw.get("/api/calls/" + answer.callId()).json().path("status").asText())
                    .as("nothing was attached").isEqualTo("ringing");

            try (RawTwilioStream twilio = new RawTwilioStream(gw.vertx, gw.port(), streamSignature())) {
                twilio.connected();
                twilio.start(answer);
                String frame = Base64.getEncoder().encodeToString(new byte[160]);
                twilio.media(2, frame);
                await().until(() -> twilio.received.stream().anyMatch(m -> m.contains("\"event\":\"media\"")));
                Calls.awaitStatus(gw, answer.callId(), "in-progress");
                twilio.stop(3, RawTwilioStream.STREAM_SID);
                await().until(twilio::isClosed);
            }
            Calls.awaitStatus(gw, answer.callId(), "completed");
            await().until(() -> gw.gateway.registry().find(answer.callId()).isEmpty()); // read back from the store now

            assertThat(gw.get("/api/calls/" + answer.callId()).body()).doesNotContain(token);
            assertThat(gw.get("/api/calls").body()).doesNotContain(token);
            assertThat(gw.get("/api/calls/" + answer.callId() + "/transcript").body()).doesNotContain(token);
            assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage).noneMatch(line -> line.contains(token));
        }
    }
}
