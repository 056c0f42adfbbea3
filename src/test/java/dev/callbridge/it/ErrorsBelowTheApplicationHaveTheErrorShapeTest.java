package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Refusals made below the routes (by the HTTP decoder, the WebSocket handshake, the media
 * upgrade's signature check) carry {@code {"error":{"code","message"}}} like every other error,
 * with the fitting status and code.
 */
class ErrorsBelowTheApplicationHaveTheErrorShapeTest {
    private static final String UPGRADE = "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";

    @TempDir
    Path dir;

    private static void assertError(RawHttp.Reply reply, int status, String code) {
        assertThat(reply.status()).as("%s", reply).isEqualTo(status);
        assertThat(reply.hasErrorShape()).as("error shape: %s", reply).isTrue();
        assertThat(reply.json().path("error").path("code").asText()).as("%s", reply).isEqualTo(code);
        assertThat(reply.header("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void decoderRefusals() {
        try (GatewayFixture gw = new GatewayFixture(dir)) {
            int port = gw.port();
            assertError(RawHttp.exchange(port, "\u0001\u0002garbage\r\n\r\n"), 400, "bad_request");
            assertError(RawHttp.exchange(port, "GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n"), 414, "uri_too_long");
            assertError(RawHttp.exchange(port, "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(10_000) + "\r\n\r\n"),
                    431, "headers_too_large");
            assertError(RawHttp.exchange(port, "POST /api/calls HTTP/1.1\r\nHost: x\r\nContent-Length: ten\r\n\r\n"), 400, "bad_request");
            assertError(RawHttp.exchange(port, "POST /api/calls HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"), 400, "bad_request");
            RawHttp.Reply version = RawHttp.exchange(port, "GET /health HTTP/2.0\r\nHost: x\r\n\r\n");
            assertError(version, 400, "http_version_not_supported");
            assertThat(version.json().path("error").path("message").asText()).contains("HTTP/2.0");
            assertError(RawHttp.exchange(port, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), 400, "http_version_not_supported");
            // A later HTTP/1 minor version is answered as HTTP/1.1 (RFC 9112 §2.3).
            assertThat(RawHttp.exchange(port, "GET /health HTTP/1.2\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
            assertError(RawHttp.exchange(port, "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n"), 404, "not_found");
            assertError(RawHttp.exchange(port, "GET /health HTTP/1.1\r\n\r\n"), 400, "bad_request"); // HTTP/1.1 without Host
        }
    }

    @Test
    void webSocketHandshakeRefusals() {
        try (GatewayFixture gw = new GatewayFixture(dir)) {
            int port = gw.port();
            for (String path : new String[] {"/ws/events", "/ws/twilio-media"}) {
                RawHttp.Reply plain = RawHttp.exchange(port, "GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
                assertError(plain, 426, "upgrade_required");
                assertThat(plain.header("Upgrade")).isEqualTo("websocket");
                RawHttp.Reply version = RawHttp.exchange(port, "GET " + path + " HTTP/1.1\r\nHost: x\r\n" + UPGRADE
                        + "Sec-WebSocket-Version: 99\r\n\r\n");
                assertError(version, 426, "upgrade_required");
                assertThat(version.header("Sec-WebSocket-Version")).isEqualTo("13");
                assertError(RawHttp.exchange(port, "GET " + path + " HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"), 400, "bad_request");
                assertError(RawHttp.exchange(port, "GET " + path + " HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                        + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n"), 400, "bad_request");
            }
        }
    }

    @Test
    void unsignedMediaUpgradeIs403InTheErrorShape() {
        try (GatewayFixture gw = new GatewayFixture(dir, "TWILIO_AUTH_TOKEN", "tw-token")) {
            assertError(RawHttp.exchange(gw.port(), "GET /ws/twilio-media HTTP/1.1\r\nHost: x\r\n" + UPGRADE
                    + "Sec-WebSocket-Version: 13\r\n\r\n"), 403, "forbidden");
        }
    }
}
