package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.http.HttpMethod;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Controlling live calls through the API and Twilio's callbacks; and what operators read. */
class CallControlApiTest {
    @TempDir
    Path dir;

    @Test
    void hangupClosesTheStreamAndTheRecordSaysWhy() {
        try (GatewayFixture gw = new GatewayFixture(dir);
             RawTwilioStream twilio = new RawTwilioStream(gw.vertx, gw.port())) {
            Calls.StreamAnswer answer = Calls.answered(gw, "CA1");
            String id = answer.callId();
            twilio.connected();
            twilio.start(answer);
            Calls.awaitStatus(gw, id, "in-progress");
            GatewayFixture.Response r = gw.postJson("/api/calls/" + id + "/hangup", "");
            assertThat(r.status()).isEqualTo(202);
            await().until(twilio::isClosed);
            assertThat(twilio.closeStatus.get()).isEqualTo((short) 1000);
            Calls.awaitStatus(gw, id, "completed");
            assertThat(gw.get("/api/calls/" + id).json().path("endReason").asText()).isEqualTo("api-hangup");
            // Once it has ended, a second hang-up is a conflict, not a silent success.
            await().until(() -> gw.postJson("/api/calls/" + id + "/hangup", "").status() == 409);
        }
    }

    @Test
    void twilioCompletingALiveCallClosesItsStream() {
        try (GatewayFixture gw = new GatewayFixture(dir);
             RawTwilioStream twilio = new RawTwilioStream(gw.vertx, gw.port())) {
            Calls.StreamAnswer answer = Calls.answered(gw, "CA1");
            String id = answer.callId();
            twilio.connected();
            twilio.start(answer);
            Calls.awaitStatus(gw, id, "in-progress");
            assertThat(gw.postForm("/twilio/status", "CallSid=CA1&CallStatus=completed&CallDuration=3", Map.of()).status())
                    .isEqualTo(204);
            await().until(twilio::isClosed);
            Calls.awaitStatus(gw, id, "completed");
            assertThat(gw.get("/api/calls/" + id).json().path("endReason").asText()).isEqualTo("provider-completed");
        }
    }

    @Test
    void hangingUpACallStillRingingCancelsIt() {
        try (GatewayFixture gw = new GatewayFixture(dir)) {
            String id = Calls.inbound(gw, "CA1");
            assertThat(gw.postJson("/api/calls/" + id + "/hangup", "").status()).isEqualTo(202);
            Calls.awaitStatus(gw, id, "canceled");
            assertThat(gw.get("/api/calls/" + id).json().path("endReason").asText()).isEqualTo("api-hangup");
        }
    }

    @Test
    void languageChangesOnALiveCall() {
        try (GatewayFixture gw = new GatewayFixture(dir)) {
            String id = Calls.inbound(gw, "CA1");
            GatewayFixture.Response r = gw.request(HttpMethod.PUT, "/api/calls/" + id + "/language", "{\"language\":\"he\"}",
                    Map.of("Content-Type", "application/json"));
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().path("language").asText()).isEqualTo("he");
            assertThat(gw.request(HttpMethod.PUT, "/api/calls/" + id + "/language", "{\"language\":42}", Map.of()).status())
                    .isEqualTo(400);
            assertThat(gw.request(HttpMethod.PUT, "/api/calls/" + id + "/language", "{}", Map.of()).json()
                    .path("error").path("message").asText()).startsWith("language: required");
        }
    }

    @Test
    void twilioRetryingTheVoiceWebhookGetsTheSameCall() {
        try (GatewayFixture gw = new GatewayFixture(dir)) {
            assertThat(Calls.inbound(gw, "CA1")).isEqualTo(Calls.inbound(gw, "CA1"));
            assertThat(gw.gateway.registry().totalCalls()).isEqualTo(1);
        }
    }

    @Test
    void statusCallbacksMoveTheCallOnAndNeverBack() {
        try (GatewayFixture gw = new GatewayFixture(dir)) {
            String id = Calls.inbound(gw, "CA1");
            assertThat(gw.postForm("/twilio/status", "CallSid=CA1&CallStatus=busy&SequenceNumber=2", Map.of()).status())
                    .isEqualTo(204);
            Calls.awaitStatus(gw, id, "busy");
            // A late "ringing" (callbacks may arrive out of order) does not reopen it.
            gw.postForm("/twilio/status", "CallSid=CA1&CallStatus=ringing&SequenceNumber=1", Map.of());
            assertThat(gw.get("/api/calls/" + id).json().path("status").asText()).isEqualTo("busy");
            assertThat(gw.postForm("/twilio/status", "CallSid=CA1&CallStatus=exploded", Map.of()).status()).isEqualTo(400);
            // Callbacks for calls we no longer hold are accepted and ignored.
            assertThat(gw.postForm("/twilio/status", "CallSid=CA999&CallStatus=completed", Map.of()).status()).isEqualTo(204);
        }
    }

    @Test
    void listingPagesNewestFirstAndFiltersByStatus() {
        try (GatewayFixture gw = new GatewayFixture(dir)) {
            for (int i = 1; i <= 5; i++) Calls.inbound(gw, "CA" + i);
            gw.postForm("/twilio/status", "CallSid=CA2&CallStatus=no-answer", Map.of());
            await().until(() -> gw.get("/api/calls?limit=500").json().path("calls").size() == 5);
            JsonNode page1 = gw.get("/api/calls?limit=2").json();
            assertThat(page1.path("calls")).hasSize(2);
            assertThat(page1.path("calls").get(0).path("providerCallId").asText()).isEqualTo("CA5");
            JsonNode page2 = gw.get("/api/calls?limit=2&cursor=" + page1.path("next").asText()).json();
            assertThat(page2.path("calls").get(0).path("providerCallId").asText()).isEqualTo("CA3");
            JsonNode page3 = gw.get("/api/calls?limit=2&cursor=" + page2.path("next").asText()).json();
            assertThat(page3.path("calls")).hasSize(1);
            assertThat(page3.path("next").isNull()).isTrue();
            await().until(() -> gw.get("/api/calls?status=no-answer").json().path("calls").size() == 1);
            assertThat(gw.get("/api/calls?cursor=not-a-cursor").status()).isEqualTo(400);
        }
    }

    @Test
    void healthAndStatsHaveTheContractShape() {
        try (GatewayFixture gw = new GatewayFixture(dir, "MAX_CONCURRENT_CALLS", "7")) {
            Calls.inbound(gw, "CA1");
            JsonNode health = gw.get("/health").json();
            assertThat(health.path("status").asText()).isEqualTo("up");
            assertThat(health.path("checks").path("store").asText()).isEqualTo("up");
            JsonNode stats = gw.get("/stats").json();
            assertThat(stats.path("activeCalls").asInt()).isEqualTo(1);
            assertThat(stats.path("totalCalls").asInt()).isEqualTo(1);
            assertThat(stats.path("maxConcurrentCalls").asInt()).isEqualTo(7);
            assertThat(stats.path("byProvider").path("twilio").path("activeCalls").asInt()).isEqualTo(1);
            assertThat(stats.path("uptimeSeconds").isNumber()).isTrue();
            assertThat(stats.path("process").path("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
            assertThat(stats.path("process").path("rssBytes").asLong()).isPositive();
            assertThat(stats.path("process").path("cpuNanos").asLong()).isPositive();
            String metrics = gw.get("/metrics").body();
            assertThat(metrics).contains("callbridge_calls_active{provider=\"twilio\"} 1.0", "callbridge_webhook_latency_seconds");
        }
    }
}
