package dev.callbridge.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.engine.openai.RealtimeServerEvent;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Doc §1: the upgrade needs the bearer key and a model, as the real API does; then session.created comes first. */
class RealtimeEchoHandshakeTest extends EchoServerFixture {

    private UpgradeRejectedException refused(WebSocketConnectOptions options) {
        Throwable failure = EchoServerClient.within5s(EchoServerClient.connect(vertx, options).map(c -> {
            c.close();
            return (Throwable) null;
        }).otherwise(e -> e));
        assertThat(failure).as("the upgrade should have been refused").isInstanceOf(UpgradeRejectedException.class);
        return (UpgradeRejectedException) failure;
    }

    private static JsonObject errorBody(UpgradeRejectedException e) {
        return new JsonObject(e.getBody()).getJsonObject("error");
    }

    @Test
    void withoutAnAuthorizationHeaderTheUpgradeGets401AndAJsonError() {
        UpgradeRejectedException e = refused(EchoServerClient.options(server, null, EchoServerClient.MODEL));
        assertThat(e.getStatus()).isEqualTo(401);
        assertThat(errorBody(e).getString("type")).isEqualTo("invalid_request_error");
        assertThat(errorBody(e).getString("message")).contains("didn't provide an API key");
        assertThat(server.counters().sessions()).isZero();
    }

    @Test
    void aWrongKeyGets401InvalidApiKey() {
        UpgradeRejectedException e = refused(EchoServerClient.options(server, "sk-wrong", EchoServerClient.MODEL));
        assertThat(e.getStatus()).isEqualTo(401);
        assertThat(errorBody(e).getString("code")).isEqualTo("invalid_api_key");
        assertThat(server.counters().refused()).isEqualTo(1);
    }

    @Test
    void withoutAModelTheUpgradeGets400() {
        UpgradeRejectedException e = refused(EchoServerClient.options(server, KEY, null));
        assertThat(e.getStatus()).isEqualTo(400);
        assertThat(errorBody(e).getString("code")).isEqualTo("missing_required_parameter");
        assertThat(errorBody(e).getString("param")).isEqualTo("model");
    }

    @Test
    void anAcceptedSessionStartsWithSessionCreatedCarryingTheFullDefaultSession() {
        try (EchoServerClient client = EchoServerClient.connect(vertx, server, KEY)) {
            EchoServerClient.Received first = client.next();

            assertThat(first.type()).isEqualTo("session.created");
            assertThat(first.json().getString("event_id")).startsWith("event_");
            JsonObject session = first.json().getJsonObject("session");
            assertThat(session.getString("object")).isEqualTo("realtime.session");
            assertThat(session.getString("id")).startsWith("sess_");
            assertThat(session.getString("type")).isEqualTo("realtime");
            assertThat(session.getString("model")).isEqualTo(EchoServerClient.MODEL);
            JsonObject pcm = new JsonObject().put("type", "audio/pcm").put("rate", 24000);
            assertThat(session.getJsonObject("audio").getJsonObject("input").getJsonObject("format")).isEqualTo(pcm);
            assertThat(session.getJsonObject("audio").getJsonObject("output").getJsonObject("format")).isEqualTo(pcm);
            assertThat(session.getJsonObject("audio").getJsonObject("input").getJsonObject("turn_detection").getString("type"))
                    .isEqualTo("server_vad");
            assertThat(first.decoded()).isInstanceOfSatisfying(RealtimeServerEvent.SessionCreated.class,
                    c -> assertThat(c.model()).isEqualTo(EchoServerClient.MODEL));
            assertThat(server.counters().open()).isEqualTo(1);
        }
    }
}
