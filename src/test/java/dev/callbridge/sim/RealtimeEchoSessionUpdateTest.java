package dev.callbridge.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.engine.openai.RealtimeServerEvent;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Doc §2: session.update changes only the fields present, and session.updated carries the whole merged session. */
class RealtimeEchoSessionUpdateTest extends EchoServerFixture {

    @Test
    void anUpdateIsMergedOverTheDefaultsAndAnsweredWithTheWholeSession() {
        try (EchoServerClient client = EchoServerClient.connect(vertx, server, KEY)) {
            JsonObject created = client.next().json().getJsonObject("session");
            JsonObject update = update(format("audio/pcmu"), format("audio/pcmu"));
            JsonObject session = update.getJsonObject("session").put("instructions", "Be brief.");
            session.getJsonObject("audio").getJsonObject("input")
                    .put("turn_detection", new JsonObject().put("type", "server_vad").put("silence_duration_ms", 700));
            session.getJsonObject("audio").getJsonObject("output").put("voice", "marin");
            client.send(update);

            EchoServerClient.Received updated = client.next();
            assertThat(updated.type()).isEqualTo("session.updated");
            assertThat(updated.decoded()).isInstanceOf(RealtimeServerEvent.SessionUpdated.class);
            JsonObject merged = updated.json().getJsonObject("session");
            assertThat(merged.getString("id")).isEqualTo(created.getString("id"));
            assertThat(merged.getString("object")).isEqualTo("realtime.session");
            assertThat(merged.getString("model")).isEqualTo(EchoServerClient.MODEL);
            assertThat(merged.getString("instructions")).isEqualTo("Be brief.");
            JsonObject input = merged.getJsonObject("audio").getJsonObject("input");
            JsonObject output = merged.getJsonObject("audio").getJsonObject("output");
            assertThat(input.getJsonObject("format")).isEqualTo(format("audio/pcmu"));
            assertThat(output.getJsonObject("format")).isEqualTo(format("audio/pcmu"));
            assertThat(input.getJsonObject("turn_detection").getInteger("silence_duration_ms")).isEqualTo(700);
            assertThat(input.getJsonObject("turn_detection").getDouble("threshold")).isEqualTo(0.5); // completed with defaults
            assertThat(output.getString("voice")).isEqualTo("marin");
            assertThat(output.getDouble("speed")).isEqualTo(1.0); // untouched fields stay
            assertThat(merged.getString("tool_choice")).isEqualTo(created.getString("tool_choice"));

            // A later update changes only what it names.
            client.send(new JsonObject().put("type", "session.update")
                    .put("session", new JsonObject().put("type", "realtime").put("instructions", "Be briefer.")));
            JsonObject again = client.next().json().getJsonObject("session");
            assertThat(again.getString("instructions")).isEqualTo("Be briefer.");
            assertThat(again.getJsonObject("audio")).isEqualTo(merged.getJsonObject("audio"));
        }
    }

    @Test
    void differentInputAndOutputFormatsAreRefusedBecauseTheEchoCannotTranscode() throws InterruptedException {
        try (EchoServerClient client = connected()) {
            client.send(update(format("audio/pcmu"), null)); // output stays 24 kHz PCM

            EchoServerClient.Received error = client.next();
            assertThat(error.type()).isEqualTo("error");
            JsonObject details = error.json().getJsonObject("error");
            assertThat(details.getString("type")).isEqualTo("invalid_request_error");
            assertThat(details.getString("message")).contains("cannot transcode").contains("audio/pcmu").contains("audio/pcm");
            assertThat(details.getString("event_id")).isEqualTo("evt_client_1");
            assertThat(client.quietFor(200)).as("no session.updated after a refused update").isTrue();

            client.send(update(format("audio/pcmu"), format("audio/pcmu")));
            assertThat(client.next().type()).isEqualTo("session.updated");
        }
    }
}
