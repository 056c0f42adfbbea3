package dev.callbridge.engine.deepgram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.callbridge.engine.EngineFailure;
import dev.callbridge.engine.EngineFailure.Engine;
import dev.callbridge.engine.EngineFailure.Kind;
import dev.callbridge.engine.HttpErrorBody;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How Deepgram says no, read into {@link EngineFailure}s (docs/protocols/deepgram-listen.md §5).
 * Pure. Two ways: a refused upgrade (an HTTP status, a {@code dg-error} header, and a body in one
 * of three shapes), or a close frame on an open stream whose reason carries a code such as
 * {@code DATA-0000} or {@code NET-0001}, sometimes only as a {@code dpgr.am/net0001} link.
 */
public final class ListenFailures {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ERROR_CODE = Pattern.compile("\\b(DATA|NET)-(\\d{4})\\b");
    private static final Pattern ERROR_LINK = Pattern.compile("dpgr\\.am/(data|net)(\\d{4})", Pattern.CASE_INSENSITIVE);
    private static final int MAX_TEXT = 200;

    private ListenFailures() {}

    /**
     * The upgrade was answered with {@code status} instead of 101.
     *
     * @param dgError    the {@code dg-error} header, or null
     * @param retryAfter the {@code Retry-After} header, or null
     * @param apiKey     scrubbed from anything the server echoes
     */
    public static EngineFailure refused(int status, String dgError, String retryAfter, byte[] body, String apiKey) {
        Kind kind = Kind.ofStatus(status);
        if (kind == Kind.WRONG_CONTENT) kind = Kind.PROTOCOL; // a 2xx that is not 101: no stream to read
        String message = null;
        String code = null;
        JsonNode json = object(body);
        if (json != null) {
            message = firstText(json, "err_msg", "message", "details");
            code = firstText(json, "err_code", "category");
        } else if (body.length > 0) {
            message = new String(body, StandardCharsets.UTF_8);
        }
        if (message == null) message = dgError;
        message = oneLine(HttpErrorBody.scrub(message, apiKey));
        Duration retry = HttpErrorBody.retryAfter(null, retryAfter);
        StringBuilder line = new StringBuilder("Deepgram: HTTP ").append(status).append(' ').append(kind.label());
        if (message != null) line.append(": ").append(message);
        if (code != null) line.append(" [").append(code).append(']');
        if (retry != null) line.append(" (retry after ").append(retry.toMillis()).append(" ms)");
        return new EngineFailure(Engine.STT, kind, status, line.toString(), message, null, code, retry, 0);
    }

    /**
     * The stream closed before the utterance's answer.
     *
     * @param code   the close frame's status, or 1006 when the connection dropped without one
     * @param reason the close frame's text, or null
     */
    public static EngineFailure closed(int code, String reason, String apiKey) {
        String text = oneLine(HttpErrorBody.scrub(reason == null || reason.isBlank() ? null : reason, apiKey));
        String errorCode = errorCode(reason);
        Kind kind;
        String what;
        if (errorCode != null && errorCode.startsWith("DATA-")) {
            kind = Kind.REJECTED;
            what = "refused the audio";
        } else if (errorCode != null) {
            kind = Kind.TIMEOUT;
            what = "timed out the stream";
        } else {
            kind = switch (code) {
                case 1000, 1001, 1006 -> Kind.DROPPED;
                case 1002, 1003, 1007, 1008, 1009 -> Kind.REJECTED;
                case 1011, 1012, 1013, 1014 -> Kind.SERVER_ERROR;
                default -> Kind.STREAM_ERROR;
            };
            what = switch (code) {
                case 1006 -> "connection lost mid-stream (no close frame)";
                case 1000, 1001 -> "closed the stream before the utterance's answer";
                default -> "closed the stream";
            };
        }
        StringBuilder line = new StringBuilder("Deepgram ").append(what).append(": close ").append(code);
        if (text != null) line.append(' ').append(text);
        if (errorCode != null && (text == null || !text.contains(errorCode))) line.append(" [").append(errorCode).append(']');
        return new EngineFailure(Engine.STT, kind, 0, line.toString(), text, null, errorCode, null, 0);
    }

    /** {@code DATA-0000} or {@code NET-0001} from a close reason, written out or as Deepgram's short link; else null. */
    static String errorCode(String reason) {
        if (reason == null) return null;
        Matcher m = ERROR_CODE.matcher(reason);
        if (m.find()) return m.group(1) + "-" + m.group(2);
        Matcher link = ERROR_LINK.matcher(reason);
        if (link.find()) return link.group(1).toUpperCase(Locale.ROOT) + "-" + link.group(2);
        return null;
    }

    private static JsonNode object(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static String firstText(JsonNode json, String... fields) {
        for (String f : fields) {
            JsonNode v = json.get(f);
            if (v != null && v.isValueNode() && !v.isNull() && !v.asText().isBlank()) return v.asText();
        }
        return null;
    }

    private static String oneLine(String s) {
        if (s == null) return null;
        String line = s.replaceAll("\\s+", " ").strip();
        if (line.isEmpty()) return null;
        return line.length() > MAX_TEXT ? line.substring(0, MAX_TEXT) + "…" : line;
    }
}
