package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.MultiMap;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /api/calls} places a call through the Calls API, and the call runs like any other. */
class OutboundTwilioCallTest {
    private static final String TOKEN = "fedcba9876543210fedcba9876543210";

    @TempDir
    Path dir;

    @Test
    void anOutboundCallIsPlacedAnsweredEchoedAndCompleted() throws Exception {
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        try (FakeTwilioApi twilio = new FakeTwilioApi(vertx, TOKEN);
             GatewayFixture gw = new GatewayFixture(dir, "TWILIO_ACCOUNT_SID", FakeTwilioApi.ACCOUNT_SID,
                     "TWILIO_AUTH_TOKEN", TOKEN, "TWILIO_API_URL", twilio.url(), "TWILIO_PHONE_NUMBER", "+15559870000",
                     "PUBLIC_URL", "https://bot.example.com")) {
            twilio.gatewayPort(gw.port());
            GatewayFixture.Response r = gw.postJson("/api/calls",
                    "{\"to\":\"+15551230000\",\"language\":\"de\",\"metadata\":{\"crm\":\"42\"}}");
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            JsonNode created = r.json();
            String id = created.path("id").asText();
            assertThat(created.path("direction").asText()).isEqualTo("outbound");
            assertThat(created.path("status").asText()).isEqualTo("queued");
            assertThat(created.path("from").asText()).isEqualTo("+15559870000");
            assertThat(created.path("providerCallId").asText()).startsWith("CA");
            assertThat(created.path("language").asText()).isEqualTo("de");
            assertThat(created.path("metadata").path("crm").asText()).isEqualTo("42");

            MultiMap sent = twilio.createdCalls.get(0);
            assertThat(sent.get("To")).isEqualTo("+15551230000");
            assertThat(sent.get("Twiml")).contains("<Stream url=\"wss://bot.example.com/ws/twilio-media\">")
                    .contains("<Parameter name=\"callId\" value=\"" + id + "\"/>");
            assertThat(sent.get("StatusCallback")).isEqualTo("https://bot.example.com/twilio/status");
            assertThat(sent.getAll("StatusCallbackEvent")).containsExactly("initiated", "ringing", "answered", "completed");

            Calls.awaitStatus(gw, id, "completed");
            assertThat(twilio.echoedPayloads).hasSize(10);
            JsonNode done = gw.get("/api/calls/" + id).json();
            assertThat(done.path("answeredAt").isNull()).isFalse();
            assertThat(done.path("endReason").asText()).isEqualTo("caller-hangup");
        } finally {
            vertx.close().await();
        }
    }

    @Test
    void twilioRefusingTheNumberIs400AndTheCallIsRecordedFailed() {
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        try (FakeTwilioApi twilio = new FakeTwilioApi(vertx, TOKEN);
             GatewayFixture gw = new GatewayFixture(dir, "TWILIO_ACCOUNT_SID", FakeTwilioApi.ACCOUNT_SID,
                     "TWILIO_AUTH_TOKEN", TOKEN, "TWILIO_API_URL", twilio.url())) {
            twilio.failNext = new Object[] {400, 21215, "Account not authorized to call +15551230000"};
            GatewayFixture.Response r = gw.postJson("/api/calls", "{\"to\":\"+15551230000\",\"from\":\"+15559870000\"}");
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.json().path("error").path("message").asText()).contains("to: Twilio API: Account not authorized");
            await().until(() -> gw.get("/api/calls?status=failed").json().path("calls").size() == 1);
            assertThat(gw.get("/api/calls?status=failed").json().path("calls").get(0).path("endReason").asText())
                    .startsWith("dial-failed: Twilio API: Account not authorized");
        } finally {
            vertx.close().await();
        }
    }

    @Test
    void badCredentialsOrAnUnreachableApiAre503() {
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        try (FakeTwilioApi twilio = new FakeTwilioApi(vertx, TOKEN);
             GatewayFixture gw = new GatewayFixture(dir, "TWILIO_ACCOUNT_SID", FakeTwilioApi.ACCOUNT_SID,
                     "TWILIO_AUTH_TOKEN", "the-wrong-token", "TWILIO_API_URL", twilio.url())) {
            GatewayFixture.Response r = gw.postJson("/api/calls", "{\"to\":\"+15551230000\",\"from\":\"+15559870000\"}");
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.json().path("error").path("message").asText()).contains("Authenticate");
        } finally {
            vertx.close().await();
        }
        try (GatewayFixture gw = new GatewayFixture(dir.resolve("b"), "TWILIO_ACCOUNT_SID", FakeTwilioApi.ACCOUNT_SID,
                "TWILIO_AUTH_TOKEN", TOKEN, "TWILIO_API_URL", "http://127.0.0.1:1")) {
            GatewayFixture.Response r = gw.postJson("/api/calls", "{\"to\":\"+15551230000\",\"from\":\"+15559870000\"}");
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.json().path("error").path("message").asText()).contains("unreachable");
        }
    }
}
