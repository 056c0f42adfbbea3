package dev.callbridge.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Bad frames get an error event and the session carries on; events the echo has no use for are accepted silently. */
class RealtimeEchoMalformedInputTest extends EchoServerFixture {
    private static final String AUDIO = Base64.getEncoder().encodeToString(new byte[160]);

    @Test
    void malformedJsonGetsAnInvalidRequestErrorAndTheSocketStaysOpen() {
        try (EchoServerClient client = connectedInMulaw()) {
            client.send("{\"type\":\"input_audio_buffer.append\",\"audio\":");

            JsonObject error = client.next().json();
            assertThat(error.getString("type")).isEqualTo("error");
            assertThat(error.getJsonObject("error").getString("type")).isEqualTo("invalid_request_error");
            assertThat(error.getJsonObject("error").getString("code")).isEqualTo("invalid_json");

            client.append(AUDIO);
            assertThat(client.next(5).getLast().json().getString("delta")).isEqualTo(AUDIO);
            assertThat(client.isClosed()).isFalse();
            assertThat(server.counters().errors()).isEqualTo(1);
        }
    }

    @Test
    void audioThatIsNotBase64GetsAnErrorNamingTheClientEvent() {
        try (EchoServerClient client = connectedInMulaw()) {
            client.send(new JsonObject().put("type", "input_audio_buffer.append").put("event_id", "evt_9").put("audio", "\"}not base64"));

            JsonObject error = client.next().json().getJsonObject("error");
            assertThat(error.getString("code")).isEqualTo("invalid_value");
            assertThat(error.getString("param")).isEqualTo("audio");
            assertThat(error.getString("event_id")).isEqualTo("evt_9");
        }
    }

    @Test
    void clientEventsTheEchoHasNoUseForAreAcceptedSilently() throws InterruptedException {
        try (EchoServerClient client = connectedInMulaw()) {
            client.send(new JsonObject().put("type", "response.create"));
            client.send(new JsonObject().put("type", "response.cancel").put("response_id", "resp_x"));
            client.send(new JsonObject().put("type", "conversation.item.truncate").put("item_id", "item_x")
                    .put("content_index", 0).put("audio_end_ms", 100));
            client.send(new JsonObject().put("type", "conversation.item.create").put("item", new JsonObject()
                    .put("type", "function_call_output").put("call_id", "call_x").put("output", "{}")));
            client.send(new JsonObject().put("type", "input_audio_buffer.clear"));

            assertThat(client.quietFor(300)).isTrue();
            client.append(AUDIO);
            assertThat(client.next().type()).isEqualTo("response.created");
            assertThat(client.isClosed()).isFalse();
        }
    }
}
