package dev.callbridge.twilio;

import java.util.Locale;

/** Kinds of bad input on a Media Streams socket, counted in metrics and logged once per call. */
public enum MediaProtocolError {
    BAD_JSON, UNKNOWN_EVENT, BAD_BASE64, MISSING_FIELD, BINARY_MESSAGE, MESSAGE_TOO_BIG,
    MEDIA_BEFORE_START, DUPLICATE_START, UNKNOWN_STREAM, NO_START, UNKNOWN_CALL,
    /** {@code start} for a call without its {@code callToken}, or with another: refused, nothing attached. */
    BAD_CALL_TOKEN,
    /** {@code start} for a call that already has its stream: refused, the first stream untouched. */
    SECOND_STREAM,
    /** WebSocket frames that break RFC 6455 (see {@code WebSocketFrameGuard}); each closes the socket. */
    RESERVED_BITS, INVALID_UTF8, BAD_FRAME;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind of a {@code WebSocketFrameGuard.Violation}. */
    static MediaProtocolError ofFrameViolation(String kind) {
        return switch (kind) {
            case "reserved_bits" -> RESERVED_BITS;
            case "invalid_utf8" -> INVALID_UTF8;
            case "message_too_big", "frame_too_big" -> MESSAGE_TOO_BIG;
            default -> BAD_FRAME;
        };
    }

    static MediaProtocolError of(TwilioProtocolException.Kind kind) {
        return switch (kind) {
            case BAD_JSON -> BAD_JSON;
            case UNKNOWN_EVENT -> UNKNOWN_EVENT;
            case BAD_BASE64 -> BAD_BASE64;
            case MISSING_FIELD -> MISSING_FIELD;
        };
    }
}
