package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.http.HttpMethod;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API's refusals: each has its status, a stable code, and a message that names the problem. */
class ApiErrorsTest {
    @TempDir
    Path dir;

    private static void assertError(GatewayFixture.Response r, int status, String code, String messagePart) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        JsonNode error = r.json().path("error");
        assertThat(error.path("code").asText()).as("body '%s', headers %s", r.body(), r.headers()).isEqualTo(code);
        assertThat(error.path("message").asText()).contains(messagePart);
    }

    @Test
    void unknownCallIs404() {
        try (GatewayFixture gw = new GatewayFixture(dir)) {
            assertError(gw.get("/api/calls/c_123"), 404, "not_found", "call c_123 not found");
            assertError(gw.get("/api/calls/c_123/transcript"), 404, "not_found", "c_123");
            assertError(gw.postJson("/api/calls/c_123/hangup", ""), 404, "not_found", "c_123");
            assertError(gw.request(HttpMethod.PUT, "/api/calls/c_123/language", "{\"language\":\"he\"}", Map.of()),
                    404, "not_found", "c_123");
            assertError(gw.get("/api/nothing-here"), 404, "not_found", "no route");
        }
    }

    @Test
    void badJsonIs400() {
        try (GatewayFixture gw = new GatewayFixture(dir, "TWILIO_ACCOUNT_SID", "AC1", "TWILIO_AUTH_TOKEN", "t")) {
            assertError(gw.postJson("/api/calls", "{\"to\":"), 400, "bad_json", "not valid JSON");
            assertError(gw.postJson("/api/calls", "[1,2]"), 400, "bad_request", "must be a JSON object");
            assertError(gw.postJson("/api/calls", ""), 400, "bad_request", "JSON object is required");
        }
    }

    @Test
    void invalidFieldsAre400NamingTheField() {
        try (GatewayFixture gw = new GatewayFixture(dir, "TWILIO_ACCOUNT_SID", "AC1", "TWILIO_AUTH_TOKEN", "t")) {
            assertError(gw.postJson("/api/calls", "{}"), 400, "bad_request", "to: required");
            assertError(gw.postJson("/api/calls", "{\"to\":\"555-1234\",\"from\":\"+15551230000\"}"), 400, "bad_request", "to: '555-1234'");
            assertError(gw.postJson("/api/calls", "{\"to\":\"+15551230000\"}"), 400, "bad_request", "from: required");
            assertError(gw.postJson("/api/calls", "{\"to\":\"+15551230000\",\"from\":\"12\"}"), 400, "bad_request", "from: ");
            assertError(gw.postJson("/api/calls", "{\"to\":\"+15551230000\",\"from\":\"+15559870000\",\"provider\":\"skype\"}"),
                    400, "bad_request", "provider: must be twilio or asterisk");
            assertError(gw.postJson("/api/calls", "{\"to\":\"+15551230000\",\"from\":\"+15559870000\",\"agent\":\"hal\"}"),
                    400, "bad_request", "agent: unknown agent 'hal'");
            assertError(gw.postJson("/api/calls", "{\"to\":\"+15551230000\",\"from\":\"+15559870000\",\"language\":\"english please\"}"),
                    400, "bad_request", "language: ");
            assertError(gw.postJson("/api/calls", "{\"to\":\"+15551230000\",\"from\":\"+15559870000\",\"metadata\":{\"a\":1}}"),
                    400, "bad_request", "metadata.a: must be a string");
            assertError(gw.postJson("/api/calls", "{\"to\":\"+15551230000\",\"from\":\"+15559870000\",\"colour\":\"red\"}"),
                    400, "bad_request", "colour: unknown field");
            assertError(gw.postJson("/api/calls", "{\"to\":\"+15551230000\",\"from\":\"+15559870000\",\"provider\":\"asterisk\"}"),
                    503, "provider_unavailable", "provider: asterisk is not configured");
            assertError(gw.get("/api/calls?status=dancing"), 400, "bad_request", "status: unknown call status 'dancing'");
            assertError(gw.get("/api/calls?limit=0"), 400, "bad_request", "limit: ");
            assertError(gw.get("/api/calls?limit=ten"), 400, "bad_request", "limit: ");
        }
    }

    @Test
    void bodiesOverTheLimitAre413() {
        try (GatewayFixture gw = new GatewayFixture(dir)) {
            String big = "{\"to\":\"+15551230000\",\"metadata\":{\"x\":\"" + "y".repeat(70_000) + "\"}}";
            assertError(gw.postJson("/api/calls", big), 413, "too_large", "over 65536 bytes");
        }
    }

    @Test
    void wrongOrMissingTokenIs401() {
        try (GatewayFixture gw = new GatewayFixture(dir, "API_TOKEN", "s3cret-token")) {
            assertError(gw.get("/api/calls"), 401, "unauthorized", "missing bearer token");
            assertError(gw.request(HttpMethod.GET, "/api/calls", null, Map.of("Authorization", "Bearer wrong")),
                    401, "unauthorized", "invalid bearer token");
            assertThat(gw.request(HttpMethod.GET, "/api/calls", null, Map.of("Authorization", "Bearer s3cret-token")).status())
                    .isEqualTo(200);
            assertThat(gw.get("/api/calls?token=s3cret-token").status()).isEqualTo(200);
            // Operations endpoints stay open for probes and scrapers.
            assertThat(gw.get("/health").status()).isEqualTo(200);
            assertThat(gw.get("/metrics").status()).isEqualTo(200);
        }
    }

    @Test
    void placingACallWithoutTwilioCredentialsIs503() {
        try (GatewayFixture gw = new GatewayFixture(dir)) {
            assertError(gw.postJson("/api/calls", "{\"to\":\"+15551230000\",\"from\":\"+15559870000\"}"),
                    503, "provider_unavailable", "set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN");
        }
    }

    @Test
    void secretsAreNeverInResponses() {
        try (GatewayFixture gw = new GatewayFixture(dir, "TWILIO_ACCOUNT_SID", "AC1", "TWILIO_AUTH_TOKEN", "tw-secret-123",
                "API_TOKEN", "api-secret-456")) {
            Map<String, String> auth = Map.of("Authorization", "Bearer api-secret-456");
            for (String path : new String[] {"/health", "/stats", "/metrics", "/api/calls"}) {
                String body = gw.request(HttpMethod.GET, path, null, auth).body();
                assertThat(body).doesNotContain("tw-secret-123", "api-secret-456");
            }
        }
    }
}
