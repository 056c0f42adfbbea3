package dev.callbridge.api;

import dev.callbridge.config.Secret;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who may use {@code /api/*} and {@code /ws/events}: bearer {@code API_TOKEN} when set
 * (browsers opening a WebSocket may pass it as {@code ?token=}); loopback clients only when not.
 */
public final class ApiAuth {
    private final byte[] token;

    public ApiAuth(Secret apiToken) {
        this.token = apiToken == null ? null : apiToken.reveal().getBytes(StandardCharsets.UTF_8);
    }

    /** Throws 401 or 403 unless the request may proceed. */
    public void check(HttpServerRequest request) {
        if (token == null) {
            if (!Loopback.isClient(request)) {
                throw new ApiError(403, "forbidden", "API_TOKEN is not set, so only loopback clients may use the API");
            }
            return;
        }
        String presented = presented(request);
        if (presented == null) throw new ApiError(401, "unauthorized", "missing bearer token");
        if (!MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiError(401, "unauthorized", "invalid bearer token");
        }
    }

    private static String presented(HttpServerRequest request) {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) return header.substring(7).strip();
        return request.getParam("token");
    }
}
