package dev.callbridge.engine.llm;

import java.time.Duration;

/**
 * Why a completion failed, as data: a {@link Kind}, the HTTP status when there was one, and the
 * server's own error ({@code {"error":{"message","type","code"}}}) when it sent one. The message
 * is one line fit for a log or a call's error record; it never contains the API key. No stack
 * trace: this reports a peer's behaviour, not a bug.
 */
public final class ChatFailure extends RuntimeException {

    public enum Kind {
        /** 401: the API key is missing or wrong. */
        UNAUTHORIZED,
        /** 403: the key may not use this model or region. */
        FORBIDDEN,
        /** 404: usually an unknown model, or a base URL without {@code /v1}. */
        NOT_FOUND,
        /** 429: rate limit or quota; {@link #retryAfter()} says when to try again if the server said. */
        RATE_LIMITED,
        /** Another 4xx: the server refused the request as malformed. */
        REJECTED,
        /** 5xx: the server failed. */
        SERVER_ERROR,
        /** A 2xx answer that is not an event stream (a proxy's page, a non-streaming server). */
        NOT_SSE,
        /** The server reported an error inside the stream. */
        STREAM_ERROR,
        /** The stream could not be read: bad JSON, a broken tool call, an oversized line or body. */
        PROTOCOL,
        /** The connection broke before the stream's end. */
        DROPPED,
        /** No answer in time: connecting, waiting for the first byte, or between two pieces. */
        TIMEOUT,
        /** The server could not be reached at all. */
        UNREACHABLE
    }

    private final Kind kind;
    private final int status;
    private final String serverMessage;
    private final String errorType;
    private final String errorCode;
    private final Duration retryAfter;

    public ChatFailure(Kind kind, int status, String message, String serverMessage, String errorType, String errorCode,
                       Duration retryAfter) {
        super(message, null, false, false);
        this.kind = kind;
        this.status = status;
        this.serverMessage = serverMessage;
        this.errorType = errorType;
        this.errorCode = errorCode;
        this.retryAfter = retryAfter;
    }

    static ChatFailure of(Kind kind, String message) {
        return new ChatFailure(kind, 0, message, null, null, null, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status, or 0 when the failure came before or after one (unreachable, dropped, timeout). */
    public int status() {
        return status;
    }

    /** {@code error.message} as the server sent it, or null. */
    public String serverMessage() {
        return serverMessage;
    }

    /** {@code error.type}, e.g. {@code invalid_request_error}, or null. */
    public String errorType() {
        return errorType;
    }

    /** {@code error.code}, e.g. {@code invalid_api_key} or {@code rate_limit_exceeded}, or null. */
    public String errorCode() {
        return errorCode;
    }

    /** From a 429's {@code Retry-After} header, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** Worth one more try later: rate limits, server errors, drops and timeouts. */
    public boolean isTransient() {
        return switch (kind) {
            case RATE_LIMITED, SERVER_ERROR, DROPPED, TIMEOUT, UNREACHABLE -> true;
            default -> false;
        };
    }
}
