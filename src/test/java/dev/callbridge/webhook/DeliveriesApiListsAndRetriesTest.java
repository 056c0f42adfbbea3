package dev.callbridge.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.it.GatewayFixture;
import io.vertx.core.http.HttpMethod;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/webhooks/deliveries} and {@code POST …/{id}/retry} on the real gateway, behind
 * {@code API_TOKEN}; events are written through the gateway's own store, so its outbox and worker
 * (configured by {@code WEBHOOK_URL}) do the rest. The metrics show the outcomes and the backlog.
 */
class DeliveriesApiListsAndRetriesTest {
    private static final Map<String, String> AUTH = Map.of("Authorization", "Bearer api-token-123");

    @TempDir
    Path dir;

    @Test
    void deadRowsAreListedRetriedAndThenDelivered() {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            receiver.answer(r -> WebhookReceiver.Reply.status(410));
            try (GatewayFixture gw = new GatewayFixture(dir, "API_TOKEN", "api-token-123",
                    "WEBHOOK_URL", receiver.url("/n8n"), "WEBHOOK_SECRET", OutboxRig.SECRET)) {
                gw.gateway.store().write(OutboxRig.wholeCall("c_api", 1).subList(0, 1));
                await().atMost(Duration.ofSeconds(10)).until(() ->
                        gw.request(HttpMethod.GET, "/api/webhooks/deliveries?status=dead&callId=c_api", null, AUTH).json().path("deliveries").size() == 1);
                JsonNode row = gw.request(HttpMethod.GET, "/api/webhooks/deliveries?status=dead&callId=c_api", null, AUTH).json().path("deliveries").get(0);
                assertThat(row.path("eventId").asText()).matches("evt_[0-9a-f]{32}");
                assertThat(row.path("type").asText()).isEqualTo("call.created");
                assertThat(row.path("callId").asText()).isEqualTo("c_api");
                assertThat(row.path("url").asText()).isEqualTo(receiver.url("/n8n"));
                assertThat(row.path("status").asText()).isEqualTo("dead");
                assertThat(row.path("attempts").asInt()).isEqualTo(1);
                assertThat(row.path("lastError").asText()).startsWith("HTTP 410");
                assertThat(row.path("nextAttemptAt").isNull()).isTrue();
                assertThat(gw.request(HttpMethod.GET, "/api/webhooks/deliveries?status=pending", null, AUTH).json().path("deliveries")).isEmpty();
                assertThat(gw.get("/metrics").body()).contains("callbridge_webhook_deliveries_total{outcome=\"dead\"} 1.0",
                        "callbridge_webhook_deliveries_total{outcome=\"delivered\"} 0.0", "callbridge_webhook_queue_depth",
                        "callbridge_webhook_oldest_pending_seconds");

                receiver.answer(r -> WebhookReceiver.Reply.status(200));
                var retried = gw.request(HttpMethod.POST, "/api/webhooks/deliveries/" + row.path("id").asLong() + "/retry", null, AUTH);
                assertThat(retried.status()).isEqualTo(202);
                await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 1);
                assertThat(receiver.accepted().getFirst().eventId()).isEqualTo(row.path("eventId").asText());
                await().atMost(Duration.ofSeconds(5)).until(() -> gw.request(HttpMethod.GET, "/api/webhooks/deliveries?callId=c_api", null, AUTH)
                        .json().path("deliveries").get(0).path("status").asText().equals("delivered"));
                await().atMost(Duration.ofSeconds(5)).until(() -> gw.get("/metrics").body()
                        .contains("callbridge_webhook_deliveries_total{outcome=\"delivered\"} 1.0"));
                // The backlog gauges are read from the table at most once a second.
                await().atMost(Duration.ofSeconds(5)).until(() -> gw.get("/metrics").body().contains("callbridge_webhook_queue_depth 0.0"));
                assertThat(gw.get("/metrics").body()).contains("callbridge_webhook_oldest_pending_seconds 0.0");
            }
        }
    }

    @Test
    void badRequestsAreRefusedWithTheFieldNamed() {
        try (GatewayFixture gw = new GatewayFixture(dir, "API_TOKEN", "api-token-123")) {
            assertThat(gw.get("/api/webhooks/deliveries").status()).isEqualTo(401);
            assertThat(gw.request(HttpMethod.POST, "/api/webhooks/deliveries/1/retry", null, Map.of()).status()).isEqualTo(401);

            var bad = gw.request(HttpMethod.GET, "/api/webhooks/deliveries?status=sent", null, AUTH);
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.json().path("error").path("message").asText())
                    .isEqualTo("status: must be pending, failed, delivered or dead, got 'sent'");
            var unknown = gw.request(HttpMethod.POST, "/api/webhooks/deliveries/424242/retry", null, AUTH);
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.json().path("error").path("message").asText()).isEqualTo("delivery 424242 not found");
            assertThat(gw.request(HttpMethod.POST, "/api/webhooks/deliveries/abc/retry", null, AUTH).status()).isEqualTo(404);
            // Without subscriptions the table is simply empty.
            assertThat(gw.request(HttpMethod.GET, "/api/webhooks/deliveries", null, AUTH).json().path("deliveries")).isEmpty();
        }
    }
}
