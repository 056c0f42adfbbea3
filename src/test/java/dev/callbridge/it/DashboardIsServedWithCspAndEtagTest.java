package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard comes from the jar at {@code /} and at its deep links, with a strict CSP, an ETag
 * (a 304 on revalidation) and no-cache; its routes shadow none of the API's; with API_TOKEN the
 * files are public while the API still wants the token.
 */
class DashboardIsServedWithCspAndEtagTest {
    @TempDir
    Path dir;

    @Test
    void theDashboardIsServedWithAStrictCspAndRevalidatedByEtag() {
        try (GatewayFixture gw = new GatewayFixture(dir)) {
            GatewayFixture.Response page = gw.get("/");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.headers().get("Content-Type")).startsWith("text/html");
            assertThat(page.body()).contains("<script type=\"module\" src=\"/ui/app.js\"></script>").doesNotContain("<script>");
            String csp = page.headers().get("Content-Security-Policy");
            assertThat(csp).contains("default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'")
                    .contains("connect-src 'self' ws://127.0.0.1:" + gw.port() + " wss://127.0.0.1:" + gw.port())
                    .doesNotContain("unsafe-inline", "unsafe-eval");
            String etag = page.headers().get("ETag");
            assertThat(etag).matches("\"[0-9a-f]{24}\"");
            assertThat(page.headers().get("Cache-Control")).isEqualTo("no-cache");

            GatewayFixture.Response again = gw.request(HttpMethod.GET, "/", null, Map.of("If-None-Match", etag));
            assertThat(again.status()).isEqualTo(304);
            assertThat(again.body()).isEmpty();
            assertThat(gw.request(HttpMethod.GET, "/", null, Map.of("If-None-Match", "\"stale\"")).status()).isEqualTo(200);

            GatewayFixture.Response deepLink = gw.get("/calls/c_0123456789abcdef");
            assertThat(deepLink.status()).isEqualTo(200);
            assertThat(deepLink.body()).isEqualTo(page.body());
            assertThat(deepLink.headers().get("Content-Security-Policy")).isEqualTo(csp);

            GatewayFixture.Response script = gw.get("/ui/app.js");
            assertThat(script.status()).isEqualTo(200);
            assertThat(script.headers().get("Content-Type")).startsWith("text/javascript");
            assertThat(script.headers().get("ETag")).isNotEqualTo(etag).matches("\"[0-9a-f]{24}\"");
            assertThat(gw.request(HttpMethod.GET, "/ui/app.js", null, Map.of("If-None-Match", "W/" + script.headers().get("ETag")))
                    .status()).isEqualTo(304);
            assertThat(gw.get("/ui/nothing.js").status()).isEqualTo(404);
            assertThat(gw.get("/ui/index.html").status()).isEqualTo(404);

            // The API's paths are still the API's.
            assertThat(gw.get("/api/calls").json().has("calls")).isTrue();
            assertThat(gw.get("/api/nothing").json().path("error").path("code").asText()).isEqualTo("not_found");
            assertThat(gw.get("/health").json().path("status").asText()).isEqualTo("up");
        }
    }

    @Test
    void withAnApiTokenTheFilesArePublicButTheApiIsNot() {
        try (GatewayFixture gw = new GatewayFixture(dir, "API_TOKEN", "s3cret-token-for-the-dashboard-test")) {
            assertThat(gw.get("/").status()).isEqualTo(200);
            assertThat(gw.get("/ui/token.js").status()).isEqualTo(200);
            assertThat(gw.get("/api/calls").status()).isEqualTo(401);
        }
    }
}
