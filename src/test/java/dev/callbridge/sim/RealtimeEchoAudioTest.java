package dev.callbridge.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.engine.openai.RealtimeServerEvent.OutputAudioDelta;
import dev.callbridge.engine.openai.RealtimeServerEvent.ResponseCreated;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Each append comes back as an audio delta with the identical base64, inside one response that
 * the first append opens the way doc §4 orders it, and whose ids every later delta repeats.
 */
class RealtimeEchoAudioTest extends EchoServerFixture {

    private static String probe(int sequence) {
        byte[] frame = ProbePayload.newFrame(7);
        ProbePayload.stamp(frame, 7, sequence);
        return Base64.getEncoder().encodeToString(frame);
    }

    @Test
    void theFirstAppendOpensOneResponseAndEveryAppendComesBackAsADeltaWithTheSameAudio() {
        try (EchoServerClient client = connectedInMulaw()) {
            client.append(probe(0));
            List<EchoServerClient.Received> opening = client.next(5);

            assertThat(opening).extracting(EchoServerClient.Received::type).containsExactly("response.created",
                    "response.output_item.added", "conversation.item.added", "response.content_part.added",
                    "response.output_audio.delta");
            JsonObject response = opening.get(0).json().getJsonObject("response");
            assertThat(response.getString("object")).isEqualTo("realtime.response");
            assertThat(response.getString("status")).isEqualTo("in_progress");
            assertThat(response.getJsonArray("output")).isEmpty();
            assertThat(response.getJsonObject("audio").getJsonObject("output").getJsonObject("format")).isEqualTo(format("audio/pcmu"));
            String responseId = ((ResponseCreated) opening.get(0).decoded()).responseId();
            JsonObject item = opening.get(1).json().getJsonObject("item");
            assertThat(opening.get(1).json().getString("response_id")).isEqualTo(responseId);
            assertThat(item.getString("role")).isEqualTo("assistant");
            assertThat(item.getString("type")).isEqualTo("message");
            assertThat(opening.get(2).json().getJsonObject("item").getString("id")).isEqualTo(item.getString("id"));
            assertThat(opening.get(3).json().getString("item_id")).isEqualTo(item.getString("id"));
            assertThat(opening.get(3).json().getJsonObject("part").getString("type")).isEqualTo("output_audio");

            OutputAudioDelta first = (OutputAudioDelta) opening.get(4).decoded();
            assertThat(first.delta()).isEqualTo(probe(0));
            assertThat(first.responseId()).isEqualTo(responseId);
            assertThat(first.itemId()).isEqualTo(item.getString("id"));
            assertThat(first.outputIndex()).isZero();
            assertThat(first.contentIndex()).isZero();

            Set<String> eventIds = new HashSet<>();
            opening.forEach(r -> eventIds.add(r.json().getString("event_id")));
            for (int sequence = 1; sequence <= 20; sequence++) {
                client.append(probe(sequence));
                EchoServerClient.Received next = client.next();
                int sent = sequence;
                assertThat(next.decoded()).isInstanceOfSatisfying(OutputAudioDelta.class, d -> {
                    assertThat(d.responseId()).isEqualTo(first.responseId());
                    assertThat(d.itemId()).isEqualTo(first.itemId());
                    assertThat(ProbePayload.sequence(d.decodeAudio())).isEqualTo(sent);
                });
                assertThat(next.json().getString("delta")).isEqualTo(probe(sequence));
                eventIds.add(next.json().getString("event_id"));
            }
            assertThat(eventIds).hasSize(5 + 20);
            assertThat(server.counters().appendsEchoed()).isEqualTo(21);
        }
    }
}
