package dev.callbridge.engine.llm;

import dev.callbridge.engine.HttpErrorBody;
import dev.callbridge.engine.llm.ChatFailure.Kind;
import java.time.Duration;

/**
 * Turns an answer that is not an event stream into a {@link ChatFailure}: its status, and the
 * server's message as {@link HttpErrorBody} reads it. Pure.
 */
final class HttpErrors {
    private HttpErrors() {}

    static ChatFailure failure(int status, String contentType, byte[] body, Duration retryAfter, String apiKey) {
        Kind kind = status / 100 == 2 ? Kind.NOT_SSE : switch (status) {
            case 401 -> Kind.UNAUTHORIZED;
            case 403 -> Kind.FORBIDDEN;
            case 404 -> Kind.NOT_FOUND;
            case 429 -> Kind.RATE_LIMITED;
            default -> status >= 500 ? Kind.SERVER_ERROR : Kind.REJECTED;
        };
        HttpErrorBody error = HttpErrorBody.parse(body, apiKey);
        StringBuilder line = new StringBuilder("LLM API: HTTP ").append(status).append(' ').append(kind.name().toLowerCase(java.util.Locale.ROOT));
        if (kind == Kind.NOT_SSE) line.append(" (expected text/event-stream, got ").append(contentType == null ? "no Content-Type" : contentType).append(')');
        if (error.message() != null) line.append(": ").append(error.message());
        else if (error.excerpt() != null) line.append(": non-JSON body: ").append(error.excerpt());
        if (error.code() != null) line.append(" [").append(error.code()).append(']');
        if (retryAfter != null) line.append(" (retry after ").append(retryAfter.toMillis()).append(" ms)");
        return new ChatFailure(kind, status, line.toString(), error.message(), error.type(), error.code(), retryAfter);
    }

    static Duration retryAfter(String millis, String seconds) {
        return HttpErrorBody.retryAfter(millis, seconds);
    }

    static String scrub(String text, String apiKey) {
        return HttpErrorBody.scrub(text, apiKey);
    }
}
