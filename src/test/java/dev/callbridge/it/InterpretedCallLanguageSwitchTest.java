package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.engine.translate.FakeApertiumApy;
import dev.callbridge.engine.translate.FakeTranslationServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code PUT /api/calls/{id}/language} with {@code party}: on an interpreted call either side's
 * language changes, once the engine has said it serves the new pair both ways; a pair it does not
 * serve is refused and nothing changes. A plain call has no party b.
 */
class InterpretedCallLanguageSwitchTest {
    private static final String TOKEN = "fedcba9876543210fedcba9876543210";

    @TempDir
    Path dir;

    private static GatewayFixture.Response put(GatewayFixture gw, String id, String body) {
        return gw.request(HttpMethod.PUT, "/api/calls/" + id + "/language", body, Map.of("Content-Type", "application/json"));
    }

    private static String message(GatewayFixture.Response r) {
        return r.json().path("error").path("message").asText();
    }

    @Test
    void eachPartySwitchesWithinWhatTheEngineServes() {
        Vertx fakes = Vertx.vertx();
        FakeTranslationServer apy = FakeTranslationServer.start(fakes, new FakeApertiumApy(7,
                List.of("eng|spa", "spa|eng", "eng|fra", "fra|eng", "spa|fra")), 7);
        try (FakeTwilioApi twilio = new FakeTwilioApi(fakes, TOKEN);
             GatewayFixture gw = new GatewayFixture(dir, InterpreterEnv.of(apy.baseUrl(), "TWILIO_ACCOUNT_SID", FakeTwilioApi.ACCOUNT_SID,
                     "TWILIO_AUTH_TOKEN", TOKEN, "TWILIO_API_URL", twilio.url(), "TWILIO_PHONE_NUMBER", "+15559870000"))) {
            GatewayFixture.Response created = gw.postJson("/api/calls",
                    "{\"to\":\"+15551230000\",\"interpreter\":{\"to\":\"+34911222333\",\"languages\":{\"a\":\"en\",\"b\":\"es\"}}}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String id = created.json().path("id").asText();

            GatewayFixture.Response b = put(gw, id, "{\"party\":\"b\",\"language\":\"fr\"}");
            assertThat(b.status()).as(b.body()).isEqualTo(200);
            assertThat(b.json().path("interpreter").path("languages").path("b").asText()).isEqualTo("fr");
            assertThat(b.json().path("language").asText()).as("A's is the call's language, unchanged").isEqualTo("en");

            // Spanish for A would need French to Spanish, which this server lacks.
            GatewayFixture.Response a = put(gw, id, "{\"party\":\"a\",\"language\":\"es\"}");
            assertThat(a.status()).as(a.body()).isEqualTo(400);
            assertThat(message(a)).isEqualTo("language: the apertium translator cannot translate fr→es");
            GatewayFixture.Response unknown = put(gw, id, "{\"language\":\"he\"}");
            assertThat(message(unknown)).as("party a by default")
                    .isEqualTo("language: the apertium translator cannot translate he→fr; the apertium translator cannot translate fr→he");
            JsonNode now = gw.get("/api/calls/" + id).json();
            assertThat(now.path("language").asText()).isEqualTo("en");
            assertThat(now.path("interpreter").path("languages").path("a").asText()).isEqualTo("en");

            GatewayFixture.Response same = put(gw, id, "{\"party\":\"b\",\"language\":\"en-GB\"}");
            assertThat(same.status()).isEqualTo(400);
            assertThat(message(same)).isEqualTo("language: must differ from party a's language ('en')");
            assertThat(message(put(gw, id, "{\"party\":\"c\",\"language\":\"de\"}"))).isEqualTo("party: must be a or b, got \"c\"");
            assertThat(message(put(gw, id, "{\"party\":1,\"language\":\"de\"}"))).isEqualTo("party: must be a or b, got 1");
            assertThat(message(put(gw, id, "{\"party\":\"a\",\"language\":\"eng\"}")))
                    .isEqualTo("language: must be an ISO 639-1 code like en or pt-BR, got 'eng'");

            GatewayFixture.Response back = put(gw, id, "{\"party\":\"b\",\"language\":\"es\"}");
            assertThat(back.status()).as(back.body()).isEqualTo(200);
            assertThat(back.json().path("interpreter").path("languages").path("b").asText()).isEqualTo("es");
        } finally {
            apy.close();
            fakes.close().await();
        }
    }

    @Test
    void aPlainCallHasNoPartyB() {
        try (GatewayFixture gw = new GatewayFixture(dir)) {
            String id = Calls.inbound(gw, "CA1");
            GatewayFixture.Response b = put(gw, id, "{\"party\":\"b\",\"language\":\"es\"}");
            assertThat(b.status()).isEqualTo(400);
            assertThat(message(b)).isEqualTo("party: call " + id + " has no party b");
            GatewayFixture.Response a = put(gw, id, "{\"party\":\"a\",\"language\":\"es\"}");
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.json().path("language").asText()).isEqualTo("es");
            assertThat(a.json().path("interpreter").isNull() || a.json().path("interpreter").isMissingNode()).isTrue();
        }
    }
}
