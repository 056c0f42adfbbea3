package dev.callbridge.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.OptionalLong;

/**
 * The parts of the server's {@code GET /stats} the load test compares before and after:
 * process CPU time and resident memory. Both are optional; older servers do not report
 * {@code process}, and the report then says "n/a".
 */
public record ServerStats(OptionalLong cpuNanos, OptionalLong rssBytes, OptionalLong activeCalls, OptionalLong framesIn) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static final ServerStats UNAVAILABLE =
            new ServerStats(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());

    /** Fetches {@code /stats}; any failure yields {@link #UNAVAILABLE} (the numbers are a bonus, not the test). */
    public static Future<ServerStats> fetch(HttpClient http, URI serverUrl) {
        RequestOptions get = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(serverUrl + "/stats")
                .setConnectTimeout(5_000).setIdleTimeout(5_000); // a hung /stats must not hang the report
        return http.request(get)
                // The body is read in the callback that receives the response: a hop later, it could be gone.
                .compose(req -> req.send().compose(resp -> resp.statusCode() == 200 ? resp.body()
                        : Future.failedFuture("status " + resp.statusCode())))
                .map(body -> parse(body.toString()))
                .otherwise(UNAVAILABLE);
    }

    static ServerStats parse(String json) {
        try {
            JsonNode root = JSON.readTree(json);
            JsonNode process = root.path("process");
            return new ServerStats(number(process.path("cpuNanos")), number(process.path("rssBytes")),
                    number(root.path("activeCalls")), number(root.path("media").path("framesIn")));
        } catch (Exception e) {
            return UNAVAILABLE;
        }
    }

    private static OptionalLong number(JsonNode node) {
        return node.isIntegralNumber() ? OptionalLong.of(node.asLong()) : OptionalLong.empty();
    }
}
