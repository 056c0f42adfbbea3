package dev.callbridge.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * What an OpenAI-compatible server said in an error answer, shared by the HTTP engines (LLM, STT,
 * TTS): the message from OpenAI's {@code {"error":{"message","type","code"}}} or the shapes
 * compatible servers use instead ({@code {"error":"…"}}, {@code {"message":"…"}}, FastAPI's
 * {@code {"detail":…}}), or, for a body that is not JSON (a proxy's HTML page), a one-line
 * excerpt. Pure.
 *
 * @param message the server's message, or null
 * @param type    {@code error.type}, or null
 * @param code    {@code error.code}, or null
 * @param excerpt the body's start on one line when it carried no message, else null
 */
public record HttpErrorBody(String message, String type, String code, String excerpt) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EXCERPT_CHARS = 200;

    /** Reads the body; {@code apiKey} is scrubbed from everything kept. */
    public static HttpErrorBody parse(byte[] body, String apiKey) {
        String message = null;
        String type = null;
        String code = null;
        JsonNode json = object(body);
        if (json != null) {
            JsonNode error = json.get("error");
            if (error != null && error.isObject()) {
                message = text(error.get("message"));
                type = text(error.get("type"));
                code = text(error.get("code"));
            } else if (error != null && error.isTextual()) {
                message = error.asText();
            } else if (json.hasNonNull("message")) {
                message = text(json.get("message"));
            } else if (json.hasNonNull("detail")) {
                message = text(json.get("detail"));
            }
        }
        String excerpt = message == null && body.length > 0 ? scrub(excerpt(body), apiKey) : null;
        return new HttpErrorBody(scrub(message, apiKey), type, code, excerpt);
    }

    /** OpenAI's SDKs read {@code retry-after-ms} first, then {@code Retry-After} in seconds; an HTTP date is ignored. */
    public static Duration retryAfter(String millis, String seconds) {
        try {
            if (millis != null) return Duration.ofMillis(Math.max(0, (long) Double.parseDouble(millis.strip())));
        } catch (NumberFormatException ignored) {
            // fall through to Retry-After
        }
        try {
            if (seconds != null) return Duration.ofMillis(Math.max(0, (long) (Double.parseDouble(seconds.strip()) * 1000)));
        } catch (NumberFormatException ignored) {
            // an HTTP date: rare from these APIs, and not worth a date parser
        }
        return null;
    }

    /** Our own key never goes into a message, even if a server echoes it. */
    public static String scrub(String text, String apiKey) {
        if (text == null || apiKey == null || apiKey.isEmpty()) return text;
        return text.replace(apiKey, "****");
    }

    private static JsonNode object(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static String text(JsonNode node) {
        if (node == null || node.isNull()) return null;
        return node.isValueNode() ? node.asText() : node.toString();
    }

    private static String excerpt(byte[] body) {
        String s = new String(body, StandardCharsets.UTF_8).replaceAll("\\s+", " ").strip();
        return s.length() > EXCERPT_CHARS ? s.substring(0, EXCERPT_CHARS) + "…" : s;
    }
}
