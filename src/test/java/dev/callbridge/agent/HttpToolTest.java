package dev.callbridge.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.call.CallJson;
import dev.callbridge.call.CallRecord;
import dev.callbridge.call.CallStatus;
import dev.callbridge.call.Direction;
import dev.callbridge.call.EndReason;
import dev.callbridge.call.Leg;
import dev.callbridge.call.Provider;
import dev.callbridge.call.TranscriptEntry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An HTTP tool against a fake n8n webhook in "When Last Node Finishes" mode (protocols/n8n.md §1):
 * the arguments arrive as JSON with the declared headers, and whatever the workflow answers,
 * or fails to answer, goes back to the model.
 */
class HttpToolTest {
    private final Vertx vertx = Vertx.vertx();
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final List<String> apiKeys = new CopyOnWriteArrayList<>();
    private HttpServer n8n;

    @BeforeEach
    void startN8n() {
        n8n = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            apiKeys.add(String.valueOf(req.getHeader("X-Api-Key")));
            received.add(CallJson.mapper().valueToTree(new io.vertx.core.json.JsonObject(body).getMap()));
            switch (req.path()) {
                case "/webhook/order" -> req.response().putHeader("Content-Type", "application/json")
                        .end("{\"order\":\"4711\",\"status\":\"shipped\",\"eta\":\"tomorrow\"}");
                case "/webhook/broken" -> req.response().setStatusCode(500).end("{\"message\":\"Error in workflow\"}");
                case "/webhook/slow" -> vertx.setTimer(2000, t -> req.response().end("{}"));
                default -> req.response().setStatusCode(404)
                        .end("{\"code\":404,\"message\":\"The requested webhook \\\"POST " + req.path() + "\\\" is not registered.\"}");
            }
        })).listen(0, "127.0.0.1").await();
    }

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    private HttpTool tool(String path, Duration timeout) {
        JsonNode schema = CallJson.mapper().createObjectNode().put("type", "object");
        return new HttpTool(new HttpTool.Declaration("lookup_order", "Find an order", schema,
                URI.create("http://127.0.0.1:" + n8n.actualPort() + path), Map.of("X-Api-Key", "n8n-key"), timeout),
                vertx.createHttpClient());
    }

    private static final CallContext CALL = new CallContext() {
        public CallRecord record() {
            return new CallRecord("c_42", Provider.TWILIO, "CA1", Direction.INBOUND, "+1", "+2", CallStatus.IN_PROGRESS,
                    "realtime", "en", Instant.now(), null, null, null, null, null);
        }
        public List<Leg> legs() { return List.of(); }
        public Context context() { return null; }
        public long elapsedMs() { return 0; }
        public TranscriptEntry transcribe(Direction d, TranscriptEntry.Speaker s, TranscriptEntry.Kind k, String t, Long a, Long b, boolean i) { return null; }
        public void toolInvoked(String name, Map<String, Object> arguments, Object result, long latencyMs) { }
        public void reportStats(dev.callbridge.call.CallStats stats) { }
        public void error(String code, String message) { }
        public void hangup(EndReason reason) { }
    };

    private static JsonNode args() {
        return CallJson.mapper().createObjectNode().put("order_number", "4711");
    }

    @Test
    void argumentsArePostedAndTheAnswerGoesBackToTheModel() {
        AgentTool.Result r = tool("/webhook/order", Duration.ofSeconds(5)).call(args(), CALL).await();
        assertThat(r.output()).isEqualTo("{\"order\":\"4711\",\"status\":\"shipped\",\"eta\":\"tomorrow\"}");
        assertThat(r.endCallWhenHeard()).isFalse();
        assertThat(received).singleElement().satisfies(body -> {
            assertThat(body.path("tool").asText()).isEqualTo("lookup_order");
            assertThat(body.path("callId").asText()).isEqualTo("c_42");
            assertThat(body.path("arguments").path("order_number").asText()).isEqualTo("4711");
        });
        assertThat(apiKeys).containsExactly("n8n-key");
    }

    @Test
    void aFailingWorkflowIsReportedToTheModel() {
        AgentTool.Result r = tool("/webhook/broken", Duration.ofSeconds(5)).call(args(), CALL).await();
        assertThat(r.output()).contains("\"error\":\"the tool answered HTTP 500\"", "Error in workflow");
        AgentTool.Result missing = tool("/webhook/nope", Duration.ofSeconds(5)).call(args(), CALL).await();
        assertThat(missing.output()).contains("HTTP 404", "is not registered");
    }

    @Test
    void aSlowToolTimesOutWithAClearAnswer() {
        long t0 = System.nanoTime();
        AgentTool.Result r = tool("/webhook/slow", Duration.ofMillis(300)).call(args(), CALL).await();
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(1500);
        assertThat(r.output()).contains("\"error\":\"the tool did not answer within 300 ms\"");
    }

    @Test
    void anUnreachableToolIsReportedToTheModel() {
        HttpTool unreachable = new HttpTool(new HttpTool.Declaration("lookup_order", "Find an order",
                CallJson.mapper().createObjectNode().put("type", "object"), URI.create("http://127.0.0.1:1/webhook/x"),
                Map.of(), Duration.ofSeconds(2)), vertx.createHttpClient());
        assertThat(unreachable.call(args(), CALL).await().output()).contains("\"error\":\"the tool could not be reached\"");
    }
}
