package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code MAX_CONCURRENT_CALLS}: over it, inbound callers hear "busy" and are recorded as rejected; the API says 429. */
class ConcurrencyLimitTest {
    @TempDir
    Path dir;

    @Test
    void inboundOverTheLimitHearsBusyAndIsRecordedRejected() {
        try (GatewayFixture gw = new GatewayFixture(dir, "MAX_CONCURRENT_CALLS", "1")) {
            String first = Calls.inbound(gw, "CA1");
            GatewayFixture.Response second = gw.postForm("/twilio/voice", Calls.form("CA2"), Map.of());
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.body()).contains("<Say>All our lines are busy").contains("<Hangup/>").doesNotContain("<Connect>");

            await().until(() -> gw.get("/api/calls?status=rejected").json().path("calls").size() == 1);
            JsonNode rejected = gw.get("/api/calls?status=rejected").json().path("calls").get(0);
            assertThat(rejected.path("providerCallId").asText()).isEqualTo("CA2");
            assertThat(rejected.path("endReason").asText()).isEqualTo("over-capacity");
            assertThat(gw.get("/stats").json().path("activeCalls").asInt()).isEqualTo(1);

            // Once the first call ends there is room again.
            gw.postForm("/twilio/status", "CallSid=CA1&CallStatus=completed", Map.of());
            Calls.awaitStatus(gw, first, "completed");
            assertThat(Calls.inbound(gw, "CA3")).startsWith("c_");
        }
    }

    @Test
    void apiOverTheLimitIs429() {
        try (GatewayFixture gw = new GatewayFixture(dir, "MAX_CONCURRENT_CALLS", "1",
                "TWILIO_ACCOUNT_SID", "AC1", "TWILIO_AUTH_TOKEN", "t")) {
            Map<String, String> p = new java.util.LinkedHashMap<>();
            for (String kv : Calls.form("CA1").split("&")) p.put(kv.split("=")[0], java.net.URLDecoder.decode(kv.split("=")[1], java.nio.charset.StandardCharsets.UTF_8));
            assertThat(gw.postForm("/twilio/voice", Calls.form("CA1"),
                    Map.of("X-Twilio-Signature", Signing.sign("t", "http://localhost:0/twilio/voice", p))).status()).isEqualTo(200);
            GatewayFixture.Response r = gw.postJson("/api/calls", "{\"to\":\"+15551230000\",\"from\":\"+15559870000\"}");
            assertThat(r.status()).isEqualTo(429);
            assertThat(r.json().path("error").path("code").asText()).isEqualTo("too_many_calls");
            assertThat(r.json().path("error").path("message").asText()).contains("MAX_CONCURRENT_CALLS (1)");
        }
    }
}
