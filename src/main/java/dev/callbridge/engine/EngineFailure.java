package dev.callbridge.engine;

import java.time.Duration;
import java.util.Locale;

/**
 * Why an engine (speech-to-text, a chat model, speech synthesis, translation) failed, as data: which
 * {@link Engine}, a {@link Kind}, the HTTP status when there was one, and the server's own error when
 * it sent one. One type for every engine, so the agent that uses them records, retries and counts
 * failures the same way whatever the vendor. The message is one line fit for a log or a call's error
 * record, and never contains the API key. No stack trace: this reports a peer's behaviour, not a bug.
 */
public final class EngineFailure extends RuntimeException {

    /** Which seam failed; its lower-case name is the {@code engine} label in metrics and on the call's record. */
    public enum Engine {
        STT, LLM, TTS, TRANSLATE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Kind {
        /** 401 (or the vendor's equivalent close): the API key is missing or wrong. */
        UNAUTHORIZED,
        /** 403: the key may not use this model, voice or region. */
        FORBIDDEN,
        /** 404: usually an unknown model, or a base URL without {@code /v1}. */
        NOT_FOUND,
        /** 429: rate limit or quota; {@link #retryAfter()} says when to try again if the server said. */
        RATE_LIMITED,
        /** Another 4xx: the server refused the request (bad audio, an unknown voice, an empty input). */
        REJECTED,
        /** 5xx: the server failed. */
        SERVER_ERROR,
        /** A 2xx answer that is not what the protocol promised: not an event stream, not raw PCM, a proxy's page. */
        WRONG_CONTENT,
        /** The server reported an error inside an otherwise good stream. */
        STREAM_ERROR,
        /** The answer could not be read: bad JSON, a broken tool call, an oversized line or body. */
        PROTOCOL,
        /** The input or the output ran past the engine's limit (an utterance too long to send, speech too long to play). */
        TOO_LONG,
        /** The connection broke before the answer's end. */
        DROPPED,
        /** No answer in time: connecting, waiting for the first byte, or between two pieces. */
        TIMEOUT,
        /** The server could not be reached at all; a local engine could not run. */
        UNREACHABLE;

        /** What a non-2xx HTTP status means, the same for every vendor's HTTP API. */
        public static Kind ofStatus(int status) {
            return switch (status) {
                case 401 -> UNAUTHORIZED;
                case 403 -> FORBIDDEN;
                case 404 -> NOT_FOUND;
                case 429 -> RATE_LIMITED;
                default -> status >= 500 ? SERVER_ERROR : status / 100 == 2 ? WRONG_CONTENT : REJECTED;
            };
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Engine engine;
    private final Kind kind;
    private final int status;
    private final String serverMessage;
    private final String errorType;
    private final String errorCode;
    private final Duration retryAfter;
    private final long audioMillis;

    public EngineFailure(Engine engine, Kind kind, int status, String message, String serverMessage, String errorType,
                         String errorCode, Duration retryAfter, long audioMillis) {
        super(message, null, false, false);
        this.engine = engine;
        this.kind = kind;
        this.status = status;
        this.serverMessage = serverMessage;
        this.errorType = errorType;
        this.errorCode = errorCode;
        this.retryAfter = retryAfter;
        this.audioMillis = audioMillis;
    }

    public static EngineFailure of(Engine engine, Kind kind, String message) {
        return new EngineFailure(engine, kind, 0, message, null, null, null, null, 0);
    }

    /** A failure after {@code audioMillis} of speech had already been delivered (speech synthesis). */
    public static EngineFailure afterAudio(Engine engine, Kind kind, String message, long audioMillis) {
        return new EngineFailure(engine, kind, 0, message, null, null, null, null, audioMillis);
    }

    /**
     * An HTTP answer we cannot use: a non-2xx status, or a 2xx whose content is not what was asked
     * for. The message reads {@code "<api>: HTTP 429 rate_limited: <server's words> [code] (retry after N ms)"}.
     *
     * @param api      how the message names the API, e.g. {@code "STT API"}
     * @param expected for a 2xx, what the content should have been, e.g. {@code "text/event-stream"}; else ignored
     * @param apiKey   scrubbed from anything the server echoes
     */
    public static EngineFailure refused(Engine engine, String api, int status, String contentType, String expected,
                                        byte[] body, Duration retryAfter, String apiKey) {
        Kind kind = Kind.ofStatus(status);
        HttpErrorBody error = HttpErrorBody.parse(body, apiKey);
        StringBuilder line = new StringBuilder(api).append(": HTTP ").append(status).append(' ').append(kind.label());
        if (kind == Kind.WRONG_CONTENT) {
            line.append(" (expected ").append(expected).append(", got ").append(contentType == null ? "no Content-Type" : contentType).append(')');
        }
        line.append(error.describe());
        if (retryAfter != null) line.append(" (retry after ").append(retryAfter.toMillis()).append(" ms)");
        return new EngineFailure(engine, kind, status, line.toString(), error.message(), error.type(), error.code(), retryAfter, 0);
    }

    /** A connection that could not be made: {@link Kind#TIMEOUT} when the connect timed out, else {@link Kind#UNREACHABLE}. */
    public static EngineFailure unreachable(Engine engine, String api, Object url, Duration connectTimeout, Throwable cause) {
        boolean timedOut = cause instanceof io.netty.channel.ConnectTimeoutException
                || String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT).contains("timed out");
        return of(engine, timedOut ? Kind.TIMEOUT : Kind.UNREACHABLE, api + " " + url
                + (timedOut ? " did not accept a connection within " + connectTimeout.toMillis() + " ms" : " unreachable: " + describe(cause)));
    }

    /** A throwable's message for a one-line failure: its own message, or its class when it has none. */
    public static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    public Engine engine() {
        return engine;
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

    /** {@code error.type}, e.g. {@code invalid_request_error}, or null. */
    public String errorType() {
        return errorType;
    }

    /** {@code error.code}, e.g. {@code invalid_api_key} or {@code rate_limit_exceeded}, or null. */
    public String errorCode() {
        return errorCode;
    }

    /** From a 429's {@code retry-after-ms} or {@code Retry-After} header, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** Milliseconds of speech delivered before a synthesis failed: what the caller may have heard. 0 for other engines. */
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
