package dev.callbridge.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.it.GatewayFixture;
import dev.callbridge.it.ServeProcess;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code callbridge serve} runs as a child process with a webhook receiver that is down; a call
 * makes events, whose rows wait in the outbox; the process is killed with SIGKILL. Once the
 * receiver is up and the gateway restarted on the same data folder, every row is delivered, in
 * order per call, and every event stored before the kill arrives: none is lost.
 */
class PendingWebhooksSurviveKillNineTest {
    @TempDir
    Path dir;

    private static List<JsonNode> rows(JsonNode body) {
        return StreamSupport.stream(body.path("deliveries").spliterator(), false).toList().reversed();
    }

    @Test
    void rowsPendingAtAKillAreDeliveredAfterTheRestart() throws Exception {
        int port = WebhookReceiver.freePort();
        String url = "http://127.0.0.1:" + port + "/hook";
        Map<String, String> env = Map.of("WEBHOOK_URL", url, "WEBHOOK_SECRET", OutboxRig.SECRET);
        String callId;
        List<String> before = new ArrayList<>();
        Vertx vertx = Vertx.vertx();
        try (ServeProcess serve = ServeProcess.start(dir, env)) {
            callId = serve.inboundTwilioCall(vertx).id();
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                List<JsonNode> rows = rows(serve.get("/api/webhooks/deliveries?callId=" + callId).json());
                return rows.size() >= 2 && rows.getFirst().path("attempts").asInt() >= 1;
            });
            rows(serve.get("/api/webhooks/deliveries?callId=" + callId).json()).forEach(r -> {
                assertThat(r.path("status").asText()).isIn("pending", "failed");
                before.add(r.path("eventId").asText());
            });
        } finally { // close() is SIGKILL
            vertx.close().await();
        }
        assertThat(before).contains(before.getFirst()).hasSizeGreaterThanOrEqualTo(2);

        try (WebhookReceiver receiver = WebhookReceiver.startOn(port);
             GatewayFixture gw = new GatewayFixture(dir.resolve("data"), "WEBHOOK_URL", url, "WEBHOOK_SECRET", OutboxRig.SECRET)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                List<JsonNode> rows = rows(gw.get("/api/webhooks/deliveries?callId=" + callId).json());
                return rows.stream().allMatch(r -> r.path("status").asText().equals("delivered"));
            });
            List<JsonNode> rows = rows(gw.get("/api/webhooks/deliveries?callId=" + callId).json());
            List<String> stored = rows.stream().map(r -> r.path("eventId").asText()).toList();
            assertThat(stored).containsSubsequence(before);
            List<String> arrived = receiver.accepted().stream().filter(r -> r.callId().equals(callId)).map(WebhookReceiver.Received::eventId).toList();
            // At least once: a row in flight at the kill may arrive twice, but never out of order and never missing.
            assertThat(arrived.stream().distinct().toList()).isEqualTo(stored);
            assertThat(receiver.accepted().getFirst().json().path("type").asText()).isEqualTo("call.created");
        }
    }
}
