package dev.callbridge.engine.openai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;

/**
 * Echo mode, a load instrument rather than a model: every {@code input_audio_buffer.append} is
 * answered at once with a {@code response.output_audio.delta} carrying the same base64. Per append
 * it does one streaming pass over the frame (no tree, no base64 decode) and one string build, so
 * a relay can be load-tested without the fake being the bottleneck.
 */
final class EchoResponder {
    private static final JsonFactory JSON = new JsonFactory();

    private final FakeRealtimeSession session;
    // the session's one open echo response, created on the first append; event-loop only
    private String responseId;
    private String itemId;

    EchoResponder(FakeRealtimeSession session) {
        this.session = session;
    }

    /**
     * Answers one append. The first opens a response the normal way (doc §4: created, output item,
     * conversation item, content part) so a client that tracks ids sees a valid one; it never ends,
     * because the caller never stops talking in a load test.
     */
    void echo(String audio) {
        if (responseId == null) {
            responseId = session.newId("resp_");
            itemId = session.newId("item_");
            JsonObject item = new JsonObject().put("id", itemId).put("object", "realtime.item").put("type", "message")
                    .put("status", "in_progress").put("role", "assistant").put("content", new JsonArray());
            session.send(new JsonObject().put("type", "response.created").put("response", new JsonObject().put("id", responseId)
                    .put("object", "realtime.response").put("status", "in_progress").put("output", new JsonArray())));
            session.send(new JsonObject().put("type", "response.output_item.added").put("response_id", responseId).put("output_index", 0).put("item", item));
            session.send(new JsonObject().put("type", "conversation.item.added").put("previous_item_id", session.addItem(item)).put("item", item.copy()));
            session.send(new JsonObject().put("type", "response.content_part.added").put("response_id", responseId).put("item_id", itemId)
                    .put("output_index", 0).put("content_index", 0).put("part", new JsonObject().put("type", "output_audio").put("transcript", "")));
        }
        String frame = delta(session.newId("event_"), responseId, itemId, audio);
        RealtimeTimeline timeline = session.timeline();
        timeline.sent("response.output_audio.delta", timeline.recordsAudio() ? new JsonObject(frame) : null);
        session.sendRaw(frame);
    }

    /** The {@code audio} of an append event, or null for any other event (which then goes the normal way). */
    static String appendedAudio(String frame) {
        try (JsonParser p = JSON.createParser(frame)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return null;
            String type = null;
            String audio = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("type") && value == JsonToken.VALUE_STRING) {
                    type = p.getText();
                    if (!type.equals("input_audio_buffer.append")) return null;
                } else if (field.equals("audio") && value == JsonToken.VALUE_STRING) audio = p.getText();
                else p.skipChildren();
            }
            return "input_audio_buffer.append".equals(type) ? audio : null;
        } catch (IOException e) {
            return null; // not JSON: the normal path answers with the error event
        }
    }

    /** The delta frame, built as text; the ids are those of the session's one open echo response. */
    static String delta(String eventId, String responseId, String itemId, String audio) {
        return new StringBuilder(audio.length() + 160).append("{\"type\":\"response.output_audio.delta\",\"event_id\":\"").append(eventId)
                .append("\",\"response_id\":\"").append(responseId).append("\",\"item_id\":\"").append(itemId)
                .append("\",\"output_index\":0,\"content_index\":0,\"delta\":\"").append(audio).append("\"}").toString();
    }
}
