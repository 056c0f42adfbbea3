package dev.callbridge.engine.tts;

import java.time.Duration;

/**
 * Why a synthesis failed, as data: a {@link Kind}, the HTTP status when there was one, the
 * server's own error message when it sent one, and how much audio had been delivered before. The
 * message is one line fit for a log or a call's error record; it never contains the API key. No
 * stack trace: this reports a peer's behaviour, not a bug.
 */
public final class SpeechFailure extends RuntimeException {

    public enum Kind {
        /** 401: the API key is missing or wrong. */
        UNAUTHORIZED,
        /** 403: the key may not use this model or voice. */
        FORBIDDEN,
        /** 404: usually an unknown model, or a base URL without {@code /v1}. */
        NOT_FOUND,
        /** 429: rate limit or quota; {@link #retryAfter()} says when to try again if the server said. */
        RATE_LIMITED,
        /** Another 4xx: the server refused the request (an unknown voice, an empty input). */
        REJECTED,
        /** 5xx: the server failed. */
        SERVER_ERROR,
        /** A 2xx answer that is not raw PCM: JSON, a proxy's page, or an encoded format such as mp3. */
        NOT_AUDIO,
        /** The connection broke before the audio's end. */
        DROPPED,
        /** No answer in time: connecting, waiting for the first byte, or between two pieces. */
        TIMEOUT,
        /** The audio went on past the engine's limit and was cut there. */
        TOO_LONG,
        /** The server could not be reached at all. */
        UNREACHABLE
    }

    private final Kind kind;
    private final int status;
    private final String serverMessage;
    private final String errorCode;
    private final Duration retryAfter;
    private final long audioMillis;

    public SpeechFailure(Kind kind, int status, String message, String serverMessage, String errorCode, Duration retryAfter,
                         long audioMillis) {
        super(message, null, false, false);
        this.kind = kind;
        this.status = status;
        this.serverMessage = serverMessage;
        this.errorCode = errorCode;
        this.retryAfter = retryAfter;
        this.audioMillis = audioMillis;
    }

    static SpeechFailure of(Kind kind, String message, long audioMillis) {
        return new SpeechFailure(kind, 0, message, null, null, null, audioMillis);
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status, or 0 when the failure came before or after one (unreachable, dropped, timeout, too long). */
    public int status() {
        return status;
    }

    /** The server's own error message, or null. */
    public String serverMessage() {
        return serverMessage;
    }

    /** {@code error.code}, e.g. {@code invalid_api_key}, or null. */
    public String errorCode() {
        return errorCode;
    }

    /** From a 429's {@code Retry-After} header, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** Milliseconds of speech the listener had received before the failure: what the caller may have heard. */
    public long audioMillis() {
        return audioMillis;
    }

    /** Worth one more try: rate limits, server errors, drops and timeouts. */
    public boolean isTransient() {
        return switch (kind) {
            case RATE_LIMITED, SERVER_ERROR, DROPPED, TIMEOUT, UNREACHABLE -> true;
            default -> false;
        };
    }
}
