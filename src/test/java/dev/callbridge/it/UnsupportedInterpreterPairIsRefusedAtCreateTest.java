package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.engine.translate.FakeApertiumApy;
import dev.callbridge.engine.translate.FakeTranslationServer;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/calls} for an interpreted call asks the translation engine for both directions of
 * the pair before anything is dialled: a pair it cannot serve is a 400 naming the engine and the
 * pair, an engine that cannot be asked a 503; either way no call is placed.
 */
class UnsupportedInterpreterPairIsRefusedAtCreateTest {
    private static final String TOKEN = "fedcba9876543210fedcba9876543210";

    @TempDir
    Path dir;

    private static String body(String a, String b) {
        return "{\"to\":\"+15551230000\",\"interpreter\":{\"to\":\"+34911222333\",\"languages\":{\"a\":\"" + a + "\",\"b\":\"" + b + "\"}}}";
    }

    @Test
    void aPairTheEngineLacksIsRefusedAndNothingIsDialled() {
        Vertx fakes = Vertx.vertx();
        // Spanish to French but not back: one direction is not enough for a conversation.
        FakeTranslationServer apy = FakeTranslationServer.start(fakes, new FakeApertiumApy(3,
                java.util.List.of("eng|spa", "spa|eng", "spa|fra")), 3);
        try (FakeTwilioApi twilio = new FakeTwilioApi(fakes, TOKEN);
             GatewayFixture gw = new GatewayFixture(dir, InterpreterEnv.of(apy.baseUrl(), "TWILIO_ACCOUNT_SID", FakeTwilioApi.ACCOUNT_SID,
                     "TWILIO_AUTH_TOKEN", TOKEN, "TWILIO_API_URL", twilio.url(), "TWILIO_PHONE_NUMBER", "+15559870000"))) {
            GatewayFixture.Response he = gw.postJson("/api/calls", body("en", "he"));
            assertThat(he.status()).as(he.body()).isEqualTo(400);
            assertThat(he.json().path("error").path("message").asText()).isEqualTo("interpreter.languages: the apertium translator cannot"
                    + " translate en→he; the apertium translator cannot translate he→en");

            GatewayFixture.Response oneWay = gw.postJson("/api/calls", body("es", "fr"));
            assertThat(oneWay.status()).as(oneWay.body()).isEqualTo(400);
            assertThat(oneWay.json().path("error").path("message").asText())
                    .isEqualTo("interpreter.languages: the apertium translator cannot translate fr→es");
            assertThat(twilio.createdCalls).as("nothing was dialled").isEmpty();
            assertThat(gw.gateway.registry().totalCalls()).as("no call was created").isZero();

            GatewayFixture.Response ok = gw.postJson("/api/calls", body("en", "es"));
            assertThat(ok.status()).as(ok.body()).isEqualTo(201);
            JsonNode call = ok.json();
            assertThat(call.path("agent").asText()).isEqualTo("interpreter");
            assertThat(call.path("language").asText()).isEqualTo("en");
            assertThat(call.path("interpreter").path("languages").path("b").asText()).isEqualTo("es");
            assertThat(call.path("interpreter").path("b").path("to").asText()).isEqualTo("+34911222333");
            assertThat(call.path("interpreter").path("b").path("from").asText()).isEqualTo("+15559870000");
            assertThat(call.path("interpreter").path("b").path("provider").asText()).isEqualTo("twilio");
            assertThat(twilio.createdCalls).as("A is dialled; B only once A answers").hasSize(1);
            assertThat(twilio.createdCalls.get(0).get("To")).isEqualTo("+15551230000");
            // The engine's pairs were asked for once, not per call.
            assertThat(apy.served.stream().filter(s -> s.path().equals("/listPairs")).count()).isEqualTo(1);
        } finally {
            apy.close();
            fakes.close().await();
        }
    }

    @Test
    void anEngineThatCannotBeAskedIs503NamingIt() {
        Vertx fakes = Vertx.vertx();
        FakeTranslationServer apy = FakeTranslationServer.start(fakes, new FakeApertiumApy(4), 4);
        try (FakeTwilioApi twilio = new FakeTwilioApi(fakes, TOKEN);
             GatewayFixture gw = new GatewayFixture(dir, InterpreterEnv.of(apy.baseUrl(), "TWILIO_ACCOUNT_SID", FakeTwilioApi.ACCOUNT_SID,
                     "TWILIO_AUTH_TOKEN", TOKEN, "TWILIO_API_URL", twilio.url(), "TWILIO_PHONE_NUMBER", "+15559870000"))) {
            // Both directions wait on the one listing of pairs: one failed answer fails both.
            apy.force(FakeTranslationServer.Reply.json(502, "<html>Bad Gateway</html>").header("Content-Type", "text/html"));
            GatewayFixture.Response down = gw.postJson("/api/calls", body("en", "es"));
            assertThat(down.status()).as(down.body()).isEqualTo(503);
            assertThat(down.json().path("error").path("code").asText()).isEqualTo("translator_unavailable");
            assertThat(down.json().path("error").path("message").asText())
                    .startsWith("interpreter.languages: the apertium translator could not say whether it translates en→es");
            assertThat(twilio.createdCalls).isEmpty();
            // A failed ask is asked again: once the server is back, the call is placed.
            assertThat(gw.postJson("/api/calls", body("en", "es")).status()).isEqualTo(201);
        } finally {
            apy.close();
            fakes.close().await();
        }
    }

    @Test
    void bOnAProviderThatIsNotConfiguredIs503() {
        Vertx fakes = Vertx.vertx();
        FakeTranslationServer apy = FakeTranslationServer.start(fakes, new FakeApertiumApy(5), 5);
        try (FakeTwilioApi twilio = new FakeTwilioApi(fakes, TOKEN);
             GatewayFixture gw = new GatewayFixture(dir, InterpreterEnv.of(apy.baseUrl(), "TWILIO_ACCOUNT_SID", FakeTwilioApi.ACCOUNT_SID,
                     "TWILIO_AUTH_TOKEN", TOKEN, "TWILIO_API_URL", twilio.url(), "TWILIO_PHONE_NUMBER", "+15559870000"))) {
            GatewayFixture.Response r = gw.postJson("/api/calls", "{\"to\":\"+15551230000\",\"interpreter\":{\"to\":\"PJSIP/200\","
                    + "\"provider\":\"asterisk\",\"languages\":{\"a\":\"en\",\"b\":\"es\"}}}");
            assertThat(r.status()).as(r.body()).isEqualTo(503);
            assertThat(r.json().path("error").path("code").asText()).isEqualTo("provider_unavailable");
            assertThat(r.json().path("error").path("message").asText())
                    .isEqualTo("interpreter.provider: asterisk is not configured on this server (set ARI_URL)");
            assertThat(twilio.createdCalls).isEmpty();
        } finally {
            apy.close();
            fakes.close().await();
        }
    }
}
