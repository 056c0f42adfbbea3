package dev.callbridge.engine.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.callbridge.engine.llm.ChatFailure.Kind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Turns an answer that is not an event stream into a {@link ChatFailure}: its status, and the
 * server's message from OpenAI's {@code {"error":{"message","type","code"}}} or the shapes
 * compatible servers use instead ({@code {"error":"…"}}, {@code {"message":"…"}}, FastAPI's
 * {@code {"detail":…}}), or an excerpt of a body that is not JSON at all. Pure.
 */
final class HttpErrors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EXCERPT_CHARS = 200;

    private HttpErrors() {}

    static ChatFailure failure(int status, String contentType, byte[] body, Duration retryAfter, String apiKey) {
        Kind kind = status / 100 == 2 ? Kind.NOT_SSE : switch (status) {
            case 401 -> Kind.UNAUTHORIZED;
            case 403 -> Kind.FORBIDDEN;
            case 404 -> Kind.NOT_FOUND;
            case 429 -> Kind.RATE_LIMITED;
            default -> status >= 500 ? Kind.SERVER_ERROR : Kind.REJECTED;
        };
        String message = null;
        String type = null;
        String code = null;
        JsonNode json = parse(body);
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
        message = scrub(message, apiKey);
        StringBuilder line = new StringBuilder("LLM API: HTTP ").append(status).append(' ').append(kind.name().toLowerCase(java.util.Locale.ROOT));
        if (kind == Kind.NOT_SSE) line.append(" (expected text/event-stream, got ").append(contentType == null ? "no Content-Type" : contentType).append(')');
        if (message != null) line.append(": ").append(message);
        else if (body.length > 0) line.append(": non-JSON body: ").append(scrub(excerpt(body), apiKey));
        if (code != null) line.append(" [").append(code).append(']');
        if (retryAfter != null) line.append(" (retry after ").append(retryAfter.toMillis()).append(" ms)");
        return new ChatFailure(kind, status, line.toString(), message, type, code, retryAfter);
    }

    /** OpenAI's SDKs read {@code retry-after-ms} first, then {@code Retry-After} in seconds; an HTTP date is ignored. */
    static Duration retryAfter(String millis, String seconds) {
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
    static String scrub(String text, String apiKey) {
        if (text == null || apiKey == null || apiKey.isEmpty()) return text;
        return text.replace(apiKey, "****");
    }

    private static JsonNode parse(byte[] body) {
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
