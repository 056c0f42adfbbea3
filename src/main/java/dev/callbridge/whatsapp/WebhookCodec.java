package dev.callbridge.whatsapp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.call.CallJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a webhook POST's JSON ({@code entry[] → changes[] → value.messages[] / value.statuses[]}),
 * keeping what the gateway acts on and ignoring every field it does not know. Pure: no I/O.
 */
public final class WebhookCodec {

    /**
     * One message a customer sent.
     *
     * @param from      the sender's WhatsApp id (digits, no '+')
     * @param type      Meta's type: {@code text}, {@code audio}, {@code image}…
     * @param text      the text of a text message (or a button's), else null
     * @param mediaId   the media id of an audio (voice note) message, else null
     * @param mimeType  the media's MIME type, or null
     * @param phoneNumberId which of our numbers received it ({@code metadata.phone_number_id}), or null
     */
    public record Inbound(String wamid, String from, Instant at, String type, String text, String mediaId, String mimeType,
                          String phoneNumberId) {}

    /**
     * The state of a message we sent.
     *
     * @param status     {@code sent}, {@code delivered}, {@code read} or {@code failed}
     * @param errorCode  the first error's code for {@code failed}, else null
     * @param errorTitle the first error's title (or message), else null
     */
    public record Status(String wamid, String status, Instant at, String recipient, Integer errorCode, String errorTitle) {}

    /** Everything one POST carried, in the order it came. */
    public record Batch(List<Inbound> messages, List<Status> statuses) {}

    private WebhookCodec() {}

    /** @throws IllegalArgumentException when the body is not a JSON object */
    public static Batch read(byte[] body) {
        JsonNode root;
        try {
            root = CallJson.mapper().readTree(body);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not JSON: " + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        if (root == null || !root.isObject()) throw new IllegalArgumentException("not a JSON object");
        List<Inbound> messages = new ArrayList<>();
        List<Status> statuses = new ArrayList<>();
        for (JsonNode entry : root.path("entry")) {
            for (JsonNode change : entry.path("changes")) {
                JsonNode value = change.path("value");
                String phoneNumberId = text(value.path("metadata"), "phone_number_id");
                for (JsonNode m : value.path("messages")) {
                    Inbound in = inbound(m, phoneNumberId);
                    if (in != null) messages.add(in);
                }
                for (JsonNode s : value.path("statuses")) {
                    String id = text(s, "id");
                    String status = text(s, "status");
                    if (id == null || status == null) continue;
                    JsonNode error = s.path("errors").path(0);
                    Integer code = error.path("code").canConvertToInt() ? error.path("code").asInt() : null;
                    String title = text(error, "title") != null ? text(error, "title") : text(error, "message");
                    statuses.add(new Status(id, status, instant(s), text(s, "recipient_id"), code, title));
                }
            }
        }
        return new Batch(List.copyOf(messages), List.copyOf(statuses));
    }

    private static Inbound inbound(JsonNode m, String phoneNumberId) {
        String id = text(m, "id");
        String from = text(m, "from");
        String type = text(m, "type");
        // A message with no id or sender cannot be answered or deduplicated (a "system" one, say).
        if (id == null || from == null || type == null) return null;
        String text = switch (type) {
            case "text" -> text(m.path("text"), "body");
            case "button" -> text(m.path("button"), "text");
            case "interactive" -> {
                JsonNode i = m.path("interactive");
                String t = text(i.path("button_reply"), "title");
                yield t != null ? t : text(i.path("list_reply"), "title");
            }
            default -> null;
        };
        JsonNode media = m.path(type);
        String mediaId = type.equals("audio") ? text(media, "id") : null;
        String mime = type.equals("audio") ? text(media, "mime_type") : null;
        return new Inbound(id, from, instant(m), type, text, mediaId, mime, phoneNumberId);
    }

    /** Meta sends Unix seconds as a string; missing or odd, it is now. */
    private static Instant instant(JsonNode node) {
        JsonNode t = node.path("timestamp");
        try {
            if (t.isTextual()) return Instant.ofEpochSecond(Long.parseLong(t.asText().strip()));
            if (t.canConvertToLong()) return Instant.ofEpochSecond(t.asLong());
        } catch (NumberFormatException | java.time.DateTimeException e) {
            // falls through
        }
        return Instant.now();
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isTextual() && !v.asText().isEmpty() ? v.asText() : null;
    }
}
