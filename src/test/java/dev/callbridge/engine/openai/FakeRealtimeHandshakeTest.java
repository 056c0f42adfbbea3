package dev.callbridge.engine.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Doc §1: the upgrade is checked like the real API; refusals carry an HTTP status and a JSON error body. */
class FakeRealtimeHandshakeTest {
    private static Vertx vertx;
    private FakeRealtimeServer fake;

    @BeforeAll
    static void vertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void closeVertx() {
        vertx.close().await();
    }

    @BeforeEach
    void start() {
        fake = FakeRealtimeServer.start(vertx, "sk-test").await();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void acceptedHandshakeRecordsModelAndHeadersAndStartsWithSessionCreated() {
        try (RealtimeTestClient client = RealtimeTestClient.connect(vertx, fake)) {
            JsonObject created = client.next();
            assertThat(created.getString("type")).isEqualTo("session.created");
            assertThat(created.getString("event_id")).startsWith("event_");
            JsonObject session = created.getJsonObject("session");
            assertThat(session.getString("object")).isEqualTo("realtime.session");
            assertThat(session.getString("id")).startsWith("sess_");
            assertThat(session.getString("model")).isEqualTo("gpt-realtime");
            FakeRealtimeServer.Handshake h = fake.handshakes().getFirst();
            assertThat(h.status()).isEqualTo(101);
            assertThat(h.model()).isEqualTo("gpt-realtime");
            assertThat(h.headers().get("authorization")).isEqualTo("Bearer sk-test");
            assertThat(fake.awaitSession(0).timeline().lines()).containsExactly("→ session.created");
        }
    }

    @Test
    void wrongKeyIsRefusedWith401AndTheInvalidApiKeyBody() {
        UpgradeRejectedException e = rejected(RealtimeTestClient.options(fake, "sk-wrong-key-123"));
        assertThat(e.getStatus()).isEqualTo(401);
        JsonObject error = new JsonObject(e.getBody()).getJsonObject("error");
        assertThat(error.getString("type")).isEqualTo("invalid_request_error");
        assertThat(error.getString("code")).isEqualTo("invalid_api_key");
        assertThat(error.getString("message")).startsWith("Incorrect API key provided: sk-").doesNotContain("sk-wrong-key-123");
        assertThat(fake.sessions()).isEmpty();
        assertThat(fake.handshakes().getFirst().status()).isEqualTo(401);
    }

    @Test
    void missingAuthorizationIsRefusedWith401() {
        UpgradeRejectedException e = rejected(RealtimeTestClient.options(fake, null));
        assertThat(e.getStatus()).isEqualTo(401);
        assertThat(new JsonObject(e.getBody()).getJsonObject("error").getString("message")).contains("didn't provide an API key");
    }

    @Test
    void rateLimitedAnswers429UntilSwitchedOff() {
        fake.rateLimited(true);
        UpgradeRejectedException e = rejected(RealtimeTestClient.options(fake, "sk-test"));
        assertThat(e.getStatus()).isEqualTo(429);
        assertThat(new JsonObject(e.getBody()).getJsonObject("error").getString("code")).isEqualTo("rate_limit_exceeded");

        fake.rateLimited(false);
        try (RealtimeTestClient client = RealtimeTestClient.connect(vertx, fake)) {
            assertThat(client.next().getString("type")).isEqualTo("session.created");
        }
    }

    @Test
    void missingModelIsRefusedWith400() {
        UpgradeRejectedException e = rejected(RealtimeTestClient.options(fake, "sk-test").setURI("/v1/realtime"));
        assertThat(e.getStatus()).isEqualTo(400);
        assertThat(new JsonObject(e.getBody()).getJsonObject("error").getString("param")).isEqualTo("model");
    }

    @Test
    void refusedConnectionsAreCutWithoutAnHttpAnswer() {
        fake.refuseConnections(true);
        Throwable failure = failureOf(RealtimeTestClient.options(fake, "sk-test"));
        assertThat(failure).isNotInstanceOf(UpgradeRejectedException.class); // no HTTP status at all
        assertThat(fake.handshakes().getFirst().status()).isZero();
        assertThat(fake.sessions()).isEmpty();
    }

    @Test
    void betaHeaderGetsBetaShapeDisabledAndClose4000() {
        var options = RealtimeTestClient.options(fake, "sk-test").addHeader("OpenAI-Beta", "realtime=v1");
        try (RealtimeTestClient client = RealtimeTestClient.connect(vertx, options).await()) {
            JsonObject error = client.next();
            assertThat(error.getString("type")).isEqualTo("error");
            assertThat(error.getJsonObject("error").getString("code")).isEqualTo("beta_api_shape_disabled");
            assertThat(client.awaitClose()).isEqualTo((short) 4000);
        }
    }

    private static UpgradeRejectedException rejected(WebSocketConnectOptions options) {
        Throwable t = failureOf(options);
        assertThat(t).isInstanceOf(UpgradeRejectedException.class);
        return (UpgradeRejectedException) t;
    }

    private static Throwable failureOf(WebSocketConnectOptions options) {
        try {
            RealtimeTestClient c = RealtimeTestClient.connect(vertx, options).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            c.close();
            throw new AssertionError("connected, but a refusal was expected");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError(e);
        }
    }
}
