package dev.callbridge.api;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * Checks a WebSocket upgrade request before its endpoint upgrades it, so a malformed one gets
 * the error shape (Vert.x's own refusals are plain text or empty): 426 for a plain request or
 * an unsupported version, 400 for a broken handshake. Only RFC 6455 (version 13) is spoken.
 */
final class WebSocketHandshake {
    private WebSocketHandshake() {}

    static void check(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        if (!hasToken(request.getHeader("Upgrade"), "websocket")) {
            rc.response().putHeader("Upgrade", "websocket").putHeader("Connection", "Upgrade");
            rc.fail(ApiError.ofStatus(426, request.path() + " is a WebSocket endpoint; the request must carry Upgrade: websocket"));
        } else if (!hasToken(request.getHeader("Connection"), "upgrade")) {
            rc.fail(ApiError.badRequest("Connection: must include Upgrade for a WebSocket handshake"));
        } else if (!"13".equals(strip(request.getHeader("Sec-WebSocket-Version")))) {
            rc.response().putHeader("Sec-WebSocket-Version", "13");
            rc.fail(ApiError.ofStatus(426, "Sec-WebSocket-Version: only 13 (RFC 6455) is supported"));
        } else if (strip(request.getHeader("Sec-WebSocket-Key")) == null) {
            rc.fail(ApiError.badRequest("Sec-WebSocket-Key: required for a WebSocket handshake"));
        } else {
            rc.next();
        }
    }

    /** True when the comma-separated header value holds {@code token}, in any case. */
    private static boolean hasToken(String header, String token) {
        if (header == null) return false;
        for (String part : header.split(",")) {
            if (part.strip().toLowerCase(Locale.ROOT).equals(token)) return true;
        }
        return false;
    }

    private static String strip(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
