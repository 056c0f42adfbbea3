package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An outbound call rings at the callee before Twilio runs its TwiML, so the wait for its media
 * starts when Twilio reports it answered, not when it was dialled: a long ring is fine, and an
 * answered call whose stream never connects still ends {@code no-media}.
 */
class OutboundCallsWaitForMediaFromTheirAnswerTest {
    private static final String TOKEN = "fedcba9876543210fedcba9876543210";

    @TempDir
    Path dir;
    final Vertx vertx = Vertx.vertx();
    final FakeTwilioApi twilio = new FakeTwilioApi(vertx, TOKEN);

    @AfterEach
    void tearDown() {
        twilio.close();
        vertx.close().await();
    }

    private GatewayFixture gateway() {
        GatewayFixture gw = new GatewayFixture(dir, "TWILIO_ACCOUNT_SID", FakeTwilioApi.ACCOUNT_SID, "TWILIO_AUTH_TOKEN", TOKEN,
                "TWILIO_API_URL", twilio.url(), "TWILIO_PHONE_NUMBER", "+15559870000", "PUBLIC_URL", "https://bot.example.com",
                "MEDIA_START_TIMEOUT_SECONDS", "1");
        twilio.gatewayPort(gw.port());
        return gw;
    }

    private static String dial(GatewayFixture gw) {
        GatewayFixture.Response r = gw.postJson("/api/calls", "{\"to\":\"+15551230000\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().path("id").asText();
    }

    @Test
    void aCallThatRingsLongerThanTheTimeoutIsStillServed() {
        twilio.ringMs = 2500;
        try (GatewayFixture gw = gateway()) {
            String id = dial(gw);
            JsonNode done = Calls.awaitStatus(gw, id, "completed");
            assertThat(done.path("endReason").asText()).isEqualTo("caller-hangup");
            assertThat(twilio.echoedPayloads).hasSize(10);
        }
    }

    @Test
    void anAnsweredCallWhoseStreamNeverConnectsEndsAsNoMedia() {
        twilio.ringMs = 1500;
        twilio.streamConnects = false;
        try (GatewayFixture gw = gateway()) {
            String id = dial(gw);
            JsonNode done = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(
                    () -> gw.get("/api/calls/" + id).json(), call -> call.path("status").asText().equals("failed"));
            assertThat(done.path("endReason").asText()).isEqualTo("no-media");
            Instant answered = Instant.parse(done.path("answeredAt").asText());
            Instant ended = Instant.parse(done.path("endedAt").asText());
            assertThat(Duration.between(answered, ended)).as("timed from the answer").isGreaterThanOrEqualTo(Duration.ofMillis(900));
            assertThat(gw.get("/stats").json().path("activeCalls").asInt()).isZero();
            String sid = done.path("providerCallId").asText();
            org.awaitility.Awaitility.await().until(() -> twilio.callUpdates.contains(sid + " Status=completed")); // hung up at Twilio too
        }
    }
}
