package dev.callbridge.whatsapp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.callbridge.call.CallJson;

/** The Graph API's request and response bodies for messages and media. Pure: no I/O. */
public final class GraphCodec {
    /** Meta refuses a longer text body. */
    public static final int MAX_TEXT = 4096;

    /** {@code GET /{version}/{media-id}}'s answer. */
    public record MediaInfo(String url, String mimeType, long fileSize) {}

    private GraphCodec() {}

    /** A text message to {@code to}, threaded under {@code replyTo} when it is not null. */
    public static String text(String to, String body, String replyTo) {
        ObjectNode n = CallJson.mapper().createObjectNode()
                .put("messaging_product", "whatsapp").put("recipient_type", "individual").put("to", to).put("type", "text");
        n.putObject("text").put("preview_url", false).put("body", body.length() > MAX_TEXT ? body.substring(0, MAX_TEXT) : body);
        if (replyTo != null) n.putObject("context").put("message_id", replyTo);
        return CallJson.write(n);
    }

    /**
     * An approved template (the only kind of message allowed outside the 24-hour window), its body's
     * {@code {{1}}, {{2}}…} filled with {@code bodyParameters} in order.
     */
    public static String template(String to, String name, String languageCode, java.util.List<String> bodyParameters) {
        ObjectNode n = CallJson.mapper().createObjectNode()
                .put("messaging_product", "whatsapp").put("recipient_type", "individual").put("to", to).put("type", "template");
        ObjectNode t = n.putObject("template").put("name", name);
        t.putObject("language").put("code", languageCode);
        if (!bodyParameters.isEmpty()) {
            var parameters = t.putArray("components").addObject().put("type", "body").putArray("parameters");
            bodyParameters.forEach(p -> parameters.addObject().put("type", "text").put("text", templateText(p)));
        }
        return CallJson.write(n);
    }

    /** Longest text put in one body parameter: a template's whole body may hold 1,024 characters. */
    static final int MAX_TEMPLATE_TEXT = 700;

    /**
     * A text as a template parameter may carry it: Meta refuses new lines, tabs and more than four
     * spaces in a row there (error 132018), so they become single spaces; a longer text is cut at a
     * word and ends with an ellipsis.
     */
    public static String templateText(String text) {
        String flat = text.replaceAll("[\\s\\u00A0]+", " ").strip();
        if (flat.length() <= MAX_TEMPLATE_TEXT) return flat;
        int cut = flat.lastIndexOf(' ', MAX_TEMPLATE_TEXT - 1);
        return flat.substring(0, cut > MAX_TEMPLATE_TEXT / 2 ? cut : MAX_TEMPLATE_TEXT - 1).stripTrailing() + "…";
    }

    public static String markRead(String wamid) {
        return CallJson.write(CallJson.mapper().createObjectNode()
                .put("messaging_product", "whatsapp").put("status", "read").put("message_id", wamid));
    }

    /** The new message's wamid from a 200 answer to a send. */
    public static String sentId(String body) {
        JsonNode id = parse(body).path("messages").path(0).path("id");
        if (!id.isTextual() || id.asText().isEmpty()) throw new IllegalArgumentException("the send's answer has no messages[0].id");
        return id.asText();
    }

    public static MediaInfo mediaInfo(String body) {
        JsonNode n = parse(body);
        JsonNode url = n.path("url");
        if (!url.isTextual() || url.asText().isEmpty()) throw new IllegalArgumentException("the media answer has no url");
        return new MediaInfo(url.asText(), n.path("mime_type").isTextual() ? n.path("mime_type").asText() : null,
                n.path("file_size").canConvertToLong() ? n.path("file_size").asLong() : -1);
    }

    /**
     * An error answer as a failure keeping Meta's code and message; a body without Meta's shape
     * (a proxy's HTML, say) keeps the HTTP status as its message.
     */
    public static GraphFailure failure(int httpStatus, String body) {
        JsonNode error;
        try {
            error = parse(body).path("error");
        } catch (IllegalArgumentException e) {
            error = CallJson.mapper().missingNode();
        }
        Integer code = error.path("code").canConvertToInt() ? error.path("code").asInt() : null;
        String message = error.path("message").isTextual() ? error.path("message").asText()
                : "HTTP " + httpStatus + (body == null || body.isBlank() ? "" : ": " + body.substring(0, Math.min(200, body.length())));
        return new GraphFailure(httpStatus, code, message);
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode n = CallJson.mapper().readTree(body == null ? "" : body);
            if (n == null || !n.isObject()) throw new IllegalArgumentException("not a JSON object");
            return n;
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
    }
}
