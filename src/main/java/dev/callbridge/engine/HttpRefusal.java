package dev.callbridge.engine;

/**
 * What an HTTP engine's non-2xx status means, the same for every OpenAI-compatible API. Each
 * engine's failure kind has a constant of the same name for each of these, so an engine turns a
 * status into its own kind with {@code Kind.valueOf(HttpRefusal.of(status).name())}.
 */
public enum HttpRefusal {
    /** 401: the API key is missing or wrong. */
    UNAUTHORIZED,
    /** 403: the key may not use this model. */
    FORBIDDEN,
    /** 404: usually an unknown model, or a base URL without {@code /v1}. */
    NOT_FOUND,
    /** 429: rate limit or quota. */
    RATE_LIMITED,
    /** Another 4xx: the server refused the request. */
    REJECTED,
    /** 5xx: the server failed. */
    SERVER_ERROR;

    public static HttpRefusal of(int status) {
        return switch (status) {
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 429 -> RATE_LIMITED;
            default -> status >= 500 ? SERVER_ERROR : REJECTED;
        };
    }
}
