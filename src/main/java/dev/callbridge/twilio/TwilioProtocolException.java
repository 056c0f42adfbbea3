package dev.callbridge.twilio;

/**
 * A Media Streams frame that {@link TwilioMediaCodec} cannot turn into a message. Unchecked:
 * the transport decides per {@link Kind} whether to log and go on or to close the socket.
 * The message names the offending field (e.g. {@code media.payload}).
 */
public final class TwilioProtocolException extends RuntimeException {

    public enum Kind {
        /** Not parseable as JSON, not an object, or a field of the wrong type or shape. */
        BAD_JSON,
        /** {@code event} missing or not one we know. */
        UNKNOWN_EVENT,
        /** {@code media.payload} is not valid base64. */
        BAD_BASE64,
        /** A field the event needs is absent (or JSON null). */
        MISSING_FIELD
    }

    private final Kind kind;

    public TwilioProtocolException(Kind kind, String message) {
        this(kind, message, null);
    }

    public TwilioProtocolException(Kind kind, String message, Throwable cause) {
        // No stack trace: this reports bad peer data, not a bug, and a peer sending junk at frame
        // rate should not cost a stack walk per frame. The message names the field.
        super(kind + ": " + message, cause, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
