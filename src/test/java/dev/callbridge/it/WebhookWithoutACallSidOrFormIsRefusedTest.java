package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.http.HttpMethod;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A signed webhook that names no {@code CallSid}, or whose body is not a form, is refused with a
 * 4xx and the JSON error shape, and creates nothing: such a call could never be ended by a status
 * callback.
 */
class WebhookWithoutACallSidOrFormIsRefusedTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private static final String PUBLIC_URL = "https://bot.example.com";

    @TempDir
    Path dir;

    /** A body of any type, signed over the URL alone, as a signature with no form parameters is. */
    private static GatewayFixture.Response post(GatewayFixture gw, String path, String contentType, String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Twilio-Signature", Signing.sign(TOKEN, PUBLIC_URL + path, Map.of()));
        if (contentType != null) headers.put("Content-Type", contentType);
        return gw.request(HttpMethod.POST, path, body, headers);
    }

    private static void assertRefused(GatewayFixture.Response r, int status, String what) {
        assertThat(r.status()).as("%s: %s", what, r.body()).isEqualTo(status);
        JsonNode error = r.json().path("error");
        assertThat(error.path("code").asText()).as(what).isNotBlank();
        assertThat(error.path("message").asText()).as(what).isNotBlank();
    }

    @Test
    void voiceWebhooksWithoutACallSidOrAFormCreateNothing() {
        try (GatewayFixture gw = new GatewayFixture(dir, "TWILIO_AUTH_TOKEN", TOKEN, "PUBLIC_URL", PUBLIC_URL)) {
            assertRefused(post(gw, "/twilio/voice", "application/x-www-form-urlencoded", ""), 400, "empty form");
            Map<String, String> noSid = Calls.formParams("CA1");
            noSid.remove("CallSid");
            assertRefused(Calls.postSigned(gw, "/twilio/voice", PUBLIC_URL, TOKEN, noSid), 400, "form without CallSid");
            Map<String, String> blankSid = Calls.formParams("CA1");
            blankSid.put("CallSid", "");
            assertRefused(Calls.postSigned(gw, "/twilio/voice", PUBLIC_URL, TOKEN, blankSid), 400, "blank CallSid");
            assertRefused(post(gw, "/twilio/voice", "application/json", "{\"CallSid\":\"CA1\"}"), 415, "JSON body");
            assertRefused(post(gw, "/twilio/voice", "text/plain", "CallSid=CA1"), 415, "text body");
            assertRefused(post(gw, "/twilio/voice", null, "CallSid=CA1"), 415, "no Content-Type");
            assertRefused(post(gw, "/twilio/voice", "multipart/form-data; boundary=b",
                    "--b\r\nContent-Disposition: form-data; name=\"CallSid\"\r\n\r\nCA1\r\n--b--\r\n"), 415, "multipart form");

            assertThat(gw.gateway.registry().totalCalls()).isZero();
            assertThat(gw.get("/stats").json().path("activeCalls").asInt()).isZero();
            assertThat(gw.get("/api/calls").json().path("calls").size()).isZero();
            // A well-formed one still works.
            assertThat(Calls.postSigned(gw, "/twilio/voice", PUBLIC_URL, TOKEN, Calls.formParams("CA1")).body()).contains("<Connect>");
        }
    }

    @Test
    void statusCallbacksThatAreNotFormsAreRefused() {
        try (GatewayFixture gw = new GatewayFixture(dir, "TWILIO_AUTH_TOKEN", TOKEN, "PUBLIC_URL", PUBLIC_URL)) {
            assertRefused(post(gw, "/twilio/status", "application/json", "{\"CallSid\":\"CA1\",\"CallStatus\":\"completed\"}"), 415,
                    "JSON status callback");
            assertRefused(post(gw, "/twilio/status", "application/x-www-form-urlencoded", ""), 400, "empty status callback");
        }
    }
}
