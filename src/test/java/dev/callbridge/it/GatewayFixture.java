package dev.callbridge.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.Gateway;
import dev.callbridge.agent.Agent;
import dev.callbridge.call.CallJson;
import dev.callbridge.config.Config;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The real gateway, built by {@link Gateway#start} exactly as {@code serve} builds it, on a
 * free port with its own data folder. Tests talk to it over HTTP and WebSocket only.
 */
public final class GatewayFixture implements AutoCloseable {
    public final Vertx vertx = Vertx.vertx();
    public final HttpClient http = vertx.createHttpClient();
    public final Gateway gateway;
    final Map<String, String> env;

    public GatewayFixture(Path dataDir, String... kv) {
        this(dataDir, Map.of(), kv);
    }

    /** The same, with agents of the test's own beside the configured ones, by name (e.g. {@link PartyRelayAgent#NAME}). */
    public GatewayFixture(Path dataDir, Map<String, Supplier<Agent>> agents, String... kv) {
        env = new HashMap<>();
        env.put("PORT", "0");
        env.put("HOST", "127.0.0.1");
        env.put("DATA_DIR", dataDir.toString());
        for (int i = 0; i < kv.length; i += 2) env.put(kv[i], kv[i + 1]);
        gateway = Gateway.start(Config.from(env), vertx, () -> { }, agents);
    }

    public int port() {
        return gateway.port();
    }

    public String base() {
        return "http://127.0.0.1:" + port();
    }

    public record Response(int status, String body, MultiMap headers) {
        public JsonNode json() {
            try {
                return CallJson.mapper().readTree(body);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    public Response request(HttpMethod method, String path, String body, Map<String, String> headers) {
        RequestOptions options = new RequestOptions().setMethod(method).setAbsoluteURI(base() + path);
        headers.forEach(options::putHeader);
        // The body is read in the same chain: by the time a test thread looked, it would be gone.
        return http.request(options)
                .compose(r -> (body == null ? r.send() : r.send(body))
                        .compose(resp -> resp.body().map(b -> new Response(resp.statusCode(), b.toString(), resp.headers()))))
                .await();
    }

    public Response get(String path) {
        return request(HttpMethod.GET, path, null, Map.of());
    }

    public Response postJson(String path, String json) {
        return request(HttpMethod.POST, path, json, Map.of("Content-Type", "application/json"));
    }

    public Response postForm(String path, String form, Map<String, String> headers) {
        Map<String, String> h = new HashMap<>(headers);
        h.put("Content-Type", "application/x-www-form-urlencoded");
        return request(HttpMethod.POST, path, form, h);
    }

    @Override
    public void close() {
        gateway.stop();
        vertx.close().await();
    }
}
