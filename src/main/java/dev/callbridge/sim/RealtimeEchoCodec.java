package dev.callbridge.sim;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * The fake Realtime server's side of the wire (protocols/openai-realtime.md §3 in, §4 out): it
 * decodes client events and encodes server events, the reverse of the production
 * {@code RealtimeCodec}. Pure and stateless; one instance serves every connection.
 *
 * <p>Appends in and audio deltas out are the hot path: an append is one streaming pass (no
 * tree), and a delta is one string build. Base64 needs no JSON escaping, and {@link #isBase64}
 * is checked before a client's audio is put back on the wire, so the concatenation is safe.
 */
final class RealtimeEchoCodec {
    private static final ObjectMapper TREES = new ObjectMapper();
    private static final JsonFactory JSON = TREES.getFactory();

    /**
     * One client event: its {@code type}, the optional client {@code event_id}, and the two
     * payloads the echo reads. A field of the wrong JSON type is null here.
     */
    record ClientEvent(String type, String eventId, String audio, JsonNode session) {}

    /** A frame that is not a JSON object; the message says why, for the {@code error} event. */
    static final class MalformedEvent extends Exception {
        MalformedEvent(String message) {
            super(message, null, false, false);
        }
    }

    ClientEvent decode(String frame) throws MalformedEvent {
        try (JsonParser p = JSON.createParser(frame)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new MalformedEvent("The event is not a JSON object.");
            String type = null;
            String eventId = null;
            String audio = null;
            JsonNode session = null;
            for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                JsonToken value = p.nextToken();
                switch (name) {
                    case "type" -> type = text(p, value);
                    case "event_id" -> eventId = text(p, value);
                    case "audio" -> audio = text(p, value);
                    case "session" -> session = value == JsonToken.START_OBJECT ? TREES.readTree(p) : skip(p);
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) throw new MalformedEvent("Unexpected content after the event object.");
            return new ClientEvent(type, eventId, audio, session);
        } catch (JsonProcessingException e) {
            throw new MalformedEvent("We could not parse the JSON body of your request: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new MalformedEvent("We could not parse the JSON body of your request: " + e.getMessage());
        }
    }

    private static String text(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) return p.getText();
        p.skipChildren();
        return null;
    }

    private static JsonNode skip(JsonParser p) throws IOException {
        p.skipChildren();
        return null;
    }

    /** Standard, padded base64 (what the API takes): only its alphabet, whole quads. */
    static boolean isBase64(String s) {
        if (s.length() % 4 != 0) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/'
                    || c == '=' && i >= s.length() - 2;
            if (!ok) return false;
        }
        return true;
    }

    // ------------------------------------------------------------------ server events (doc §4)

    /** {@code response.output_audio.delta}; {@code base64} must have passed {@link #isBase64}. */
    String audioDelta(String eventId, String responseId, String itemId, String base64) {
        return new StringBuilder(base64.length() + 96 + eventId.length() + responseId.length() + itemId.length())
                .append("{\"type\":\"response.output_audio.delta\",\"event_id\":\"").append(eventId)
                .append("\",\"response_id\":\"").append(responseId)
                .append("\",\"item_id\":\"").append(itemId)
                .append("\",\"output_index\":0,\"content_index\":0,\"delta\":\"").append(base64).append("\"}")
                .toString();
    }

    /** {@code session.created} or {@code session.updated}: the full effective session. */
    String session(String type, String eventId, ObjectNode session) {
        return write(event(type, eventId).set("session", session));
    }

    /**
     * An {@code error} event (doc §4: {@code error {type, code, message, param, event_id}}),
     * {@code clientEventId} naming the client event that caused it.
     */
    String error(String eventId, String code, String message, String param, String clientEventId) {
        ObjectNode error = TREES.createObjectNode().put("type", "invalid_request_error").put("code", code)
                .put("message", message).put("param", param).put("event_id", clientEventId);
        return write(event("error", eventId).set("error", error));
    }

    /** The HTTP body of a refused upgrade: OpenAI's REST error envelope. */
    String httpError(String code, String message, String param) {
        ObjectNode error = TREES.createObjectNode().put("message", message).put("type", "invalid_request_error")
                .put("param", param).put("code", code);
        return write(TREES.createObjectNode().set("error", error));
    }

    String responseCreated(String eventId, String responseId, String conversationId, JsonNode audioOutput) {
        ObjectNode response = TREES.createObjectNode().put("id", responseId).put("object", "realtime.response")
                .put("status", "in_progress").putNull("status_details").put("conversation_id", conversationId);
        response.putArray("output");
        response.putArray("output_modalities").add("audio");
        response.putObject("audio").set("output", audioOutput);
        response.putNull("usage");
        response.putNull("metadata");
        return write(event("response.created", eventId).set("response", response));
    }

    String outputItemAdded(String eventId, String responseId, ObjectNode item) {
        return write(event("response.output_item.added", eventId).put("response_id", responseId).put("output_index", 0)
                .set("item", item));
    }

    String conversationItemAdded(String eventId, String previousItemId, ObjectNode item) {
        return write(event("conversation.item.added", eventId).put("previous_item_id", previousItemId).set("item", item));
    }

    String contentPartAdded(String eventId, String responseId, String itemId) {
        ObjectNode part = TREES.createObjectNode().put("type", "output_audio").put("transcript", "");
        return write(event("response.content_part.added", eventId).put("response_id", responseId).put("item_id", itemId)
                .put("output_index", 0).put("content_index", 0).set("part", part));
    }

    /** An assistant message item as it starts: in progress, no content yet. */
    static ObjectNode assistantItem(String itemId) {
        ObjectNode item = TREES.createObjectNode().put("id", itemId).put("object", "realtime.item").put("type", "message")
                .put("status", "in_progress").put("role", "assistant");
        item.putArray("content");
        return item;
    }

    static ObjectNode newObject() {
        return TREES.createObjectNode();
    }

    private static ObjectNode event(String type, String eventId) {
        return TREES.createObjectNode().put("type", type).put("event_id", eventId);
    }

    private static String write(JsonNode node) {
        try {
            return TREES.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }
}
