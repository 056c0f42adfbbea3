package dev.callbridge.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.engine.translate.LibreTranslateProtocol;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code fake-engines}' LibreTranslate endpoint: the LibreTranslate shape, after the fixed latency; errors in LibreTranslate's shape. */
class FakeEnginesTranslateAfterTheirLatencyTest {
    private static final long TRANSLATE_MS = 200;
    private Vertx vertx;
    private FixedLatencyEnginesServer engines;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        engines = FixedLatencyEnginesServer.start(vertx, new FixedLatencyEnginesServer.Options("127.0.0.1", 0, Duration.ZERO,
                Duration.ZERO, Duration.ZERO, Duration.ofMillis(TRANSLATE_MS), 100, 1)).await();
    }

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    @Test
    void aTranslationComesBackAsLibreTranslateAnswersAfterTheLatency() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        client.send(post("{\"q\":\"warm up\",\"source\":\"en\",\"target\":\"es\"}"), HttpResponse.BodyHandlers.ofString());

        // What the gateway's LibreTranslate client sends, read back by the same client.
        LibreTranslateProtocol libre = new LibreTranslateProtocol(null);
        String request = new String(libre.request("Hello, I would like a table.", "en", "es").body(), StandardCharsets.UTF_8);
        long sent = System.nanoTime();
        HttpResponse<String> answer = client.send(post(request), HttpResponse.BodyHandlers.ofString());
        long tookMs = (System.nanoTime() - sent) / 1_000_000;

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(tookMs).isGreaterThanOrEqualTo(TRANSLATE_MS);
        assertThat(libre.translatedText(answer.body().getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("Hola, quisiera reservar una mesa para dos, por favor.");
        assertThat(new JsonObject(answer.body()).fieldNames()).containsExactly("translatedText");

        HttpResponse<String> missing = client.send(post("{\"source\":\"en\",\"target\":\"es\"}"), HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(missing.body()).getString("error")).isEqualTo("Invalid request: missing q parameter");
        assertThat(engines.counters().translations()).isEqualTo(2);
        assertThat(engines.counters().refused()).isEqualTo(1);
    }

    private HttpRequest post(String json) {
        return HttpRequest.newBuilder(URI.create(engines.rootUrl() + FixedLatencyEnginesServer.TRANSLATE))
                .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }
}
