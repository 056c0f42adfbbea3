package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.http.HttpMethod;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemHistoryIsServedForTheDashboardTest {
    @TempDir
    Path dir;

    @Test
    void theLastHourIsThereFromTheStartAndBehindTheApiToken() {
        try (GatewayFixture gw = new GatewayFixture(dir, "API_TOKEN", "history-token", "MAX_CONCURRENT_CALLS", "12")) {
            assertThat(gw.get("/api/system/history").status()).isEqualTo(401);

            GatewayFixture.Response ok = gw.request(HttpMethod.GET, "/api/system/history", null,
                    Map.of("Authorization", "Bearer history-token"));
            assertThat(ok.status()).isEqualTo(200);
            JsonNode body = ok.json();
            assertThat(body.path("everySeconds").asInt()).isEqualTo(10);
            JsonNode first = body.path("points").get(0);
            assertThat(first.path("at").asText()).endsWith("Z");
            assertThat(first.path("activeCalls").asInt()).isZero();
            assertThat(first.path("maxConcurrentCalls").asInt()).isEqualTo(12);
            assertThat(first.path("responseMsP50").isNull()).isTrue();
            assertThat(first.has("framesIn")).isTrue();
            assertThat(first.has("framesLost")).isTrue();
        }
    }
}
