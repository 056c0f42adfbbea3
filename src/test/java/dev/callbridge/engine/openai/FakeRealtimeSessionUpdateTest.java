package dev.callbridge.engine.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Doc §2: session.update is validated against the GA schema, merged, and echoed in full. */
class FakeRealtimeSessionUpdateTest extends RealtimeFakeFixture {

    @Test
    void validUpdateIsAnsweredWithTheFullMergedSession() {
        try (RealtimeTestClient client = RealtimeTestClient.connect(vertx, fake)) {
            JsonObject created = client.nextOf("session.created").getJsonObject("session");
            client.send(update(telephonySession(400)));
            JsonObject s = client.next().getJsonObject("session");
            assertThat(s.getString("id")).isEqualTo(created.getString("id"));
            assertThat(s.getString("model")).isEqualTo("gpt-realtime");
            JsonObject in = s.getJsonObject("audio").getJsonObject("input");
            assertThat(in.getJsonObject("format")).isEqualTo(new JsonObject().put("type", "audio/pcmu"));
            // Fields the update left out keep their defaults (doc §2 turn detection table).
            assertThat(in.getJsonObject("turn_detection")).isEqualTo(new JsonObject().put("type", "server_vad").put("threshold", 0.5)
                    .put("prefix_padding_ms", 300).put("silence_duration_ms", 400).put("idle_timeout_ms", null)
                    .put("create_response", true).put("interrupt_response", true));
            assertThat(s.getJsonObject("audio").getJsonObject("output").getString("voice")).isEqualTo("marin");
            assertThat(s.getJsonArray("tools").getJsonObject(0).getString("name")).isEqualTo("lookup_order");
            assertThat(s.getString("tool_choice")).isEqualTo("auto"); // untouched

            // Doc §2: null clears turn_detection, [] clears tools; the rest stays.
            client.send(update(new JsonObject().put("type", "realtime").put("tools", new JsonArray())
                    .put("audio", new JsonObject().put("input", new JsonObject().putNull("turn_detection")))));
            JsonObject cleared = client.nextOf("session.updated").getJsonObject("session");
            assertThat(cleared.getJsonObject("audio").getJsonObject("input").getValue("turn_detection")).isNull();
            assertThat(cleared.getJsonArray("tools")).isEmpty();
            assertThat(cleared.getJsonObject("audio").getJsonObject("input").getJsonObject("format").getString("type")).isEqualTo("audio/pcmu");
            assertThat(fake.awaitSession(0).effectiveSession()).isEqualTo(cleared);
        }
    }

    @Test
    void pcmIsEchoedAt24kHz() {
        try (RealtimeTestClient client = RealtimeTestClient.connect(vertx, fake)) {
            client.nextOf("session.created");
            client.send(update(new JsonObject().put("type", "realtime").put("audio", new JsonObject()
                    .put("output", new JsonObject().put("format", new JsonObject().put("type", "audio/pcm"))))));
            assertThat(client.nextOf("session.updated").getJsonObject("session").getJsonObject("audio").getJsonObject("output")
                    .getJsonObject("format")).isEqualTo(new JsonObject().put("type", "audio/pcm").put("rate", 24000));
        }
    }

    @Test
    void invalidUpdatesGetAnInvalidRequestErrorNamingTheParamAndChangeNothing() {
        assertRejected(format("audio/wav", null), "invalid_value", "session.audio.input.format.type");
        assertRejected(format("audio/pcm", 16000), "invalid_value", "session.audio.input.format.rate"); // doc §2: 24 kHz only
        assertRejected(new JsonObject().put("instructions", "hi"), "missing_required_parameter", "session.type");
        assertRejected(new JsonObject().put("type", "realtime").put("audio", new JsonObject().put("input", new JsonObject()
                .put("turn_detection", new JsonObject().put("type", "push_to_talk")))), "invalid_value", "session.audio.input.turn_detection.type");
        assertRejected(new JsonObject().put("type", "realtime").put("audio", new JsonObject().put("input", new JsonObject()
                .put("turn_detection", new JsonObject().put("type", "semantic_vad").put("silence_duration_ms", 200)))),
                "unknown_parameter", "session.audio.input.turn_detection.silence_duration_ms");
        assertRejected(new JsonObject().put("type", "realtime").put("tools", new JsonArray().add(new JsonObject().put("type", "function"))),
                "missing_required_parameter", "session.tools[0].name");
        assertRejected(new JsonObject().put("type", "realtime").put("model", "gpt-4o"), "invalid_value", "session.model"); // doc §1
    }

    @Test
    void voiceIsFixedOnceTheModelHasProducedAudio() {
        fake.script().respond(ScriptedResponse.audio(ulaw(100, 0x55), "Hello."));
        try (RealtimeTestClient client = telephonyClient(500)) {
            client.send(update(voice("cedar"))); // before any audio: allowed
            assertThat(client.next().getString("type")).isEqualTo("session.updated");
            client.send("response.create");
            client.until("response.done");
            client.send(update(voice("marin"))); // doc §2/§7: now refused
            JsonObject error = client.next().getJsonObject("error");
            assertThat(error.getString("param")).isEqualTo("session.audio.output.voice");
            client.send(update(voice("cedar"))); // repeating the current voice is no change
            assertThat(client.next().getString("type")).isEqualTo("session.updated");
        }
    }

    private static JsonObject voice(String voice) {
        return new JsonObject().put("type", "realtime").put("audio", new JsonObject().put("output", new JsonObject().put("voice", voice)));
    }

    @Test
    void betaShapedUpdateGetsBetaShapeDisabledAndClose4000() {
        try (RealtimeTestClient client = RealtimeTestClient.connect(vertx, fake)) {
            client.nextOf("session.created");
            client.send(update(new JsonObject().put("modalities", new JsonArray().add("text").add("audio")).put("temperature", 0.8)));
            JsonObject error = client.next().getJsonObject("error");
            assertThat(error.getString("code")).isEqualTo("beta_api_shape_disabled");
            assertThat(error.getString("event_id")).isEqualTo("evt_client_1");
            assertThat(client.awaitClose()).isEqualTo((short) 4000);
        }
    }

    private void assertRejected(JsonObject session, String code, String param) {
        try (RealtimeTestClient client = RealtimeTestClient.connect(vertx, fake)) {
            JsonObject before = client.nextOf("session.created").getJsonObject("session");
            client.send(update(session));
            JsonObject event = client.next();
            assertThat(event.getString("type")).as(param).isEqualTo("error");
            JsonObject error = event.getJsonObject("error");
            assertThat(error.getString("type")).isEqualTo("invalid_request_error");
            assertThat(error.getString("code")).as(param).isEqualTo(code);
            assertThat(error.getString("param")).isEqualTo(param);
            assertThat(error.getString("event_id")).isEqualTo("evt_client_1"); // doc §1: echoed from the client event
            assertThat(fake.sessions().getLast().effectiveSession()).isEqualTo(before);
        }
    }

    private static JsonObject format(String type, Integer rate) {
        JsonObject f = new JsonObject().put("type", type);
        if (rate != null) f.put("rate", rate);
        return new JsonObject().put("type", "realtime").put("audio", new JsonObject().put("input", new JsonObject().put("format", f)));
    }
}
