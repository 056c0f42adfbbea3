package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code "record"} on {@code POST /api/calls} beats {@code RECORDING} for that call, either way;
 * anything but a boolean is a 400 naming the field.
 */
class RecordFlagOverridesTheServerDefaultTest {
    private static final String TOKEN = "fedcba9876543210fedcba9876543211";

    @TempDir
    Path dir;

    private JsonNode placeAndFinish(GatewayFixture gw, String body) {
        GatewayFixture.Response r = gw.postJson("/api/calls", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return Calls.awaitStatus(gw, r.json().path("id").asText(), "completed");
    }

    private GatewayFixture gateway(FakeTwilioApi twilio, Path data, String recording) {
        GatewayFixture gw = new GatewayFixture(data, "TWILIO_ACCOUNT_SID", FakeTwilioApi.ACCOUNT_SID, "TWILIO_AUTH_TOKEN", TOKEN,
                "TWILIO_API_URL", twilio.url(), "TWILIO_PHONE_NUMBER", "+15559870000", "RECORDING", recording);
        twilio.gatewayPort(gw.port());
        return gw;
    }

    @Test
    void recordTrueRecordsWhenTheServerDoesNotAndRecordFalseSkipsWhenItDoes() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (FakeTwilioApi twilio = new FakeTwilioApi(vertx, TOKEN)) {
            try (GatewayFixture gw = gateway(twilio, dir.resolve("off"), "off")) {
                String recorded = placeAndFinish(gw, "{\"to\":\"+15551230000\",\"record\":true}").path("id").asText();
                String plain = placeAndFinish(gw, "{\"to\":\"+15551230000\"}").path("id").asText();
                await().atMost(Duration.ofSeconds(10)).until(() -> gw.get("/api/calls/" + recorded).json().path("recording").path("complete").asBoolean());
                assertThat(gw.get("/api/calls/" + recorded + "/recording").status()).isEqualTo(200);
                Thread.sleep(300); // time enough for a recording the server should not have made
                assertThat(gw.get("/api/calls/" + plain).json().path("recording").isNull()).isTrue();
                assertThat(gw.get("/api/calls/" + plain + "/recording").status()).isEqualTo(404);
                assertThat(gw.get("/api/calls/" + plain + "/recording").json().path("error").path("message").asText())
                        .isEqualTo("call " + plain + " has no recording");
            }
            try (GatewayFixture gw = gateway(twilio, dir.resolve("on"), "on")) {
                String skipped = placeAndFinish(gw, "{\"to\":\"+15551230000\",\"record\":false}").path("id").asText();
                String recorded = placeAndFinish(gw, "{\"to\":\"+15551230000\",\"record\":null}").path("id").asText();
                await().atMost(Duration.ofSeconds(10)).until(() -> gw.get("/api/calls/" + recorded).json().path("recording").path("complete").asBoolean());
                assertThat(gw.get("/api/calls/" + skipped).json().path("recording").isNull()).isTrue();
                assertThat(gw.get("/api/calls/" + skipped + "/recording").status()).isEqualTo(404);

                GatewayFixture.Response bad = gw.postJson("/api/calls", "{\"to\":\"+15551230000\",\"record\":\"yes\"}");
                assertThat(bad.status()).isEqualTo(400);
                assertThat(bad.json().path("error").path("message").asText()).isEqualTo("record: must be true or false, got \"yes\"");
            }
        } finally {
            vertx.close().await();
        }
    }
}
