package dev.callbridge.engine.llm;

import dev.callbridge.engine.HttpErrorBody;
import dev.callbridge.engine.HttpRefusal;
import dev.callbridge.engine.llm.ChatFailure.Kind;
import java.time.Duration;
import java.util.Locale;

/** Turns an answer that is not an event stream into a {@link ChatFailure}: its status and what {@link HttpErrorBody} reads from it. Pure. */
final class HttpErrors {
    private HttpErrors() {}

    static ChatFailure failure(int status, String contentType, byte[] body, Duration retryAfter, String apiKey) {
        Kind kind = status / 100 == 2 ? Kind.NOT_SSE : Kind.valueOf(HttpRefusal.of(status).name());
        HttpErrorBody error = HttpErrorBody.parse(body, apiKey);
        StringBuilder line = new StringBuilder("LLM API: HTTP ").append(status).append(' ').append(kind.name().toLowerCase(Locale.ROOT));
        if (kind == Kind.NOT_SSE) line.append(" (expected text/event-stream, got ").append(contentType == null ? "no Content-Type" : contentType).append(')');
        line.append(error.describe());
        if (retryAfter != null) line.append(" (retry after ").append(retryAfter.toMillis()).append(" ms)");
        return new ChatFailure(kind, status, line.toString(), error.message(), error.type(), error.code(), retryAfter);
    }
}
