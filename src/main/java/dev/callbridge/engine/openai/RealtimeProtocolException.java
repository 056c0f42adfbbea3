package dev.callbridge.engine.openai;

/**
 * A Realtime server frame that {@link RealtimeCodec} cannot turn into an event. Unchecked: the
 * agent decides per {@link Kind} whether to log and go on or to end the session. The message
 * names the offending field (e.g. {@code response.output_audio.delta: delta is missing}).
 */
public final class RealtimeProtocolException extends RuntimeException {

    public enum Kind {
        /** Not parseable as JSON, not an object, or a field of the wrong JSON type. */
        BAD_JSON,
        /** {@code type}, or a field a known event needs, is absent (or JSON null). */
        MISSING_FIELD,
        /** Audio that should be base64 is not. */
        BAD_BASE64
    }

    private final Kind kind;

    public RealtimeProtocolException(Kind kind, String message) {
        this(kind, message, null);
    }

    public RealtimeProtocolException(Kind kind, String message, Throwable cause) {
        // No stack trace: this reports bad peer data, not a bug, and may arrive at audio-delta rate.
        super(kind + ": " + message, cause, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
