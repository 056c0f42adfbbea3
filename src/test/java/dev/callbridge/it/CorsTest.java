package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code CORS_ORIGINS}: listed origins may call the API from a browser; others get no CORS headers. */
class CorsTest {
    @TempDir
    Path dir;

    @Test
    void listedOriginsArePermittedOthersAreNot() {
        try (GatewayFixture gw = new GatewayFixture(dir, "CORS_ORIGINS", "https://dash.example.com, https://ops.example.com")) {
            GatewayFixture.Response preflight = gw.request(HttpMethod.OPTIONS, "/api/calls", null, Map.of(
                    "Origin", "https://ops.example.com", "Access-Control-Request-Method", "POST",
                    "Access-Control-Request-Headers", "Authorization, Content-Type"));
            assertThat(preflight.status()).isEqualTo(204);
            assertThat(preflight.headers().get("Access-Control-Allow-Origin")).isEqualTo("https://ops.example.com");
            assertThat(preflight.headers().get("Access-Control-Allow-Methods")).contains("POST");

            GatewayFixture.Response allowed = gw.request(HttpMethod.GET, "/api/calls", null, Map.of("Origin", "https://dash.example.com"));
            assertThat(allowed.headers().get("Access-Control-Allow-Origin")).isEqualTo("https://dash.example.com");

            GatewayFixture.Response foreign = gw.request(HttpMethod.GET, "/api/calls", null, Map.of("Origin", "https://evil.example.com"));
            assertThat(foreign.headers().get("Access-Control-Allow-Origin")).isNull();
        }
    }

    @Test
    void withoutCorsOriginsNoCorsHeadersAreSent() {
        try (GatewayFixture gw = new GatewayFixture(dir)) {
            GatewayFixture.Response r = gw.request(HttpMethod.GET, "/api/calls", null, Map.of("Origin", "https://dash.example.com"));
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.headers().get("Access-Control-Allow-Origin")).isNull();
        }
    }
}
