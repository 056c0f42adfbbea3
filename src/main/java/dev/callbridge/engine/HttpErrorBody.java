package dev.callbridge.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * What an HTTP engine's error answer says, read the same way for every OpenAI-compatible API: the
 * server's message from OpenAI's {@code {"error":{"message","type","code"}}} or the shapes
 * compatible servers use instead ({@code {"error":"…"}}, {@code {"message":"…"}}, FastAPI's
 * {@code {"detail":…}}, ElevenLabs' {@code {"detail":{"status","message"}}}), or an excerpt of a
 * body that is not JSON at all. Pure; each engine maps it to its own typed failure.
 *
 * @param message {@code error.message} (scrubbed of our key), or null when the body had none
 * @param type    {@code error.type}, e.g. {@code invalid_request_error}, or null
 * @param code    {@code error.code} (ElevenLabs: {@code detail.status}), e.g. {@code invalid_api_key}, or null
 * @param excerpt the body's start on one line when it was not JSON with a message, or null
 */
public record HttpErrorBody(String message, String type, String code, String excerpt) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EXCERPT_CHARS = 200;

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
            } else if (json.get("detail") instanceof JsonNode detail && detail.isObject() && detail.hasNonNull("message")) {
                // ElevenLabs: {"detail":{"status":"quota_exceeded","message":"…"}}, the status being its error code.
                message = text(detail.get("message"));
                code = text(detail.get("status"));
            } else if (json.hasNonNull("detail")) {
                message = text(json.get("detail"));
            }
        }
        String excerpt = message == null && body.length > 0 ? scrub(excerpt(body), apiKey) : null;
        return new HttpErrorBody(scrub(message, apiKey), type, code, excerpt);
    }

    /** {@code ": message"}, {@code ": non-JSON body: …"} or nothing, then {@code " [code]"}: the tail of a one-line failure. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        if (message != null) s.append(": ").append(message);
        else if (excerpt != null) s.append(": non-JSON body: ").append(excerpt);
        if (code != null) s.append(" [").append(code).append(']');
        return s.toString();
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

    /** The body's start on one line, for a proxy's HTML page or a plain-text error. */
    private static String excerpt(byte[] body) {
        String s = new String(body, StandardCharsets.UTF_8).replaceAll("\\s+", " ").strip();
        return s.length() > EXCERPT_CHARS ? s.substring(0, EXCERPT_CHARS) + "…" : s;
    }
}
