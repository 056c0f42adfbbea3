package dev.callbridge.engine.stt;

import java.time.Duration;

/**
 * Why a transcription failed, as data: a {@link Kind}, the HTTP status when there was one, and the
 * server's own message. The message is one line fit for a log or a call's error record; it never
 * contains the API key. No stack trace: this reports a peer's (or the caller's) behaviour, not a bug.
 */
public final class SttFailure extends RuntimeException {

    public enum Kind {
        /** 401: the API key is missing or wrong. */
        UNAUTHORIZED,
        /** 403: the key may not use this model. */
        FORBIDDEN,
        /** 404: usually an unknown model, or a base URL without {@code /v1}. */
        NOT_FOUND,
        /** 429: rate limit or quota; {@link #retryAfter()} says when to try again if the server said. */
        RATE_LIMITED,
        /** Another 4xx: the server refused the request (bad audio, unknown language). */
        REJECTED,
        /** 5xx: the server failed. */
        SERVER_ERROR,
        /** A 2xx answer that is not {@code {"text": …}} JSON (a proxy's page, a wrong endpoint). */
        PROTOCOL,
        /** The utterance ran past the engine's limit on buffered audio; nothing was sent. */
        TOO_LONG,
        /** The connection broke before the whole answer arrived. */
        DROPPED,
        /** No connection or no whole answer in time. */
        TIMEOUT,
        /** The server could not be reached at all. */
        UNREACHABLE
    }

    private final Kind kind;
    private final int status;
    private final String serverMessage;
    private final Duration retryAfter;

    public SttFailure(Kind kind, int status, String message, String serverMessage, Duration retryAfter) {
        super(message, null, false, false);
        this.kind = kind;
        this.status = status;
        this.serverMessage = serverMessage;
        this.retryAfter = retryAfter;
    }

    static SttFailure of(Kind kind, String message) {
        return new SttFailure(kind, 0, message, null, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status, or 0 when there was none (unreachable, dropped, timeout, too long). */
    public int status() {
        return status;
    }

    /** The server's own error message, or null. */
    public String serverMessage() {
        return serverMessage;
    }

    /** From a 429's {@code retry-after-ms} or {@code Retry-After} header, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** Worth one more try with the same audio: rate limits, server errors, drops and timeouts. */
    public boolean isTransient() {
        return switch (kind) {
            case RATE_LIMITED, SERVER_ERROR, DROPPED, TIMEOUT, UNREACHABLE -> true;
            default -> false;
        };
    }
}
