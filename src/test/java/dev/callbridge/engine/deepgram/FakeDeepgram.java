package dev.callbridge.engine.deepgram;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for Deepgram's live {@code wss://api.deepgram.com/v1/listen}, built from
 * docs/protocols/deepgram-listen.md. It listens on 127.0.0.1 at a random port and checks each
 * upgrade strictly: the path, {@code Authorization: Token <key>}, a model, an encoding Deepgram
 * knows with its sample rate, one channel, interim results, and no parameter it does not know.
 * A bad upgrade is refused as Deepgram refuses one (an HTTP error with a {@code dg-error} header
 * and a JSON body), and its violation kept in {@link Handshake#violations()}.
 *
 * <pre>{@code
 * FakeDeepgram fake = FakeDeepgram.start(vertx, "dg-key").await();
 * fake.script().says("Hello there.", "I'd like a table.");     // the next stream
 * // … the client streams audio and ends …
 * fake.awaitStream(0).audio();                                // the bytes, exactly
 * }</pre>
 *
 * <p>Each stream's randomness comes from a seed printed at start-up, so a failing run can be replayed.
 */
final class FakeDeepgram implements AutoCloseable {
    /** One upgrade request as received, and the status it got (101 when accepted). */
    record Handshake(String path, MultiMap params, MultiMap headers, int status, List<String> violations) {}

    /** An HTTP answer to the next upgrade instead of 101. */
    record Refusal(int status, Map<String, String> headers, String body) {
        /** Deepgram's older error body, {@code {"err_code","err_msg","request_id"}}, with the message in {@code dg-error} too. */
        static Refusal legacy(int status, String code, String message) {
            String body = new JsonObject().put("err_code", code).put("err_msg", message).put("request_id", UUID.randomUUID().toString()).encode();
            return new Refusal(status, Map.of("Content-Type", "application/json", "dg-error", message,
                    "dg-request-id", UUID.randomUUID().toString()), body);
        }

        /** The newer body, {@code {"category","message","details","request_id"}}. */
        static Refusal modern(int status, String category, String message) {
            String body = new JsonObject().put("category", category).put("message", message).put("details", message)
                    .put("request_id", UUID.randomUUID().toString()).encode();
            return new Refusal(status, Map.of("Content-Type", "application/json", "dg-request-id", UUID.randomUUID().toString()), body);
        }

        /** A proxy's or load balancer's page, no Deepgram headers. */
        static Refusal text(int status, String body) {
            return new Refusal(status, Map.of("Content-Type", "text/html"), body);
        }

        Refusal header(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Refusal(status, h, body);
        }
    }

    private static final Set<String> ENCODINGS = Set.of("linear16", "linear32", "flac", "alaw", "mulaw", "amr-nb", "amr-wb", "opus", "ogg-opus", "speex", "g729");
    private static final Set<String> KNOWN_PARAMS = Set.of("model", "encoding", "sample_rate", "channels", "interim_results", "punctuate",
            "smart_format", "language", "endpointing", "utterance_end_ms", "vad_events", "multichannel", "keyterm", "diarize", "numerals");

    private final Vertx vertx;
    private final String apiKey;
    private final long seed;
    private final List<Handshake> handshakes = new CopyOnWriteArrayList<>();
    private final List<FakeListenStream> streams = new CopyOnWriteArrayList<>();
    private final List<Refusal> refusals = new ArrayList<>();
    private ListenScript nextScript;
    private volatile long handshakeDelayMillis;
    private HttpServer server;

    private FakeDeepgram(Vertx vertx, String apiKey, long seed) {
        this.vertx = vertx;
        this.apiKey = apiKey;
        this.seed = seed;
    }

    static Future<FakeDeepgram> start(Vertx vertx, String apiKey) {
        long seed = System.nanoTime();
        System.out.println("FakeDeepgram seed " + seed);
        FakeDeepgram fake = new FakeDeepgram(vertx, apiKey, seed);
        // No webSocketHandler: upgrades reach the request handler, which can refuse them with an HTTP error.
        fake.server = vertx.createHttpServer().requestHandler(fake::onRequest);
        return fake.server.listen(0, "127.0.0.1").map(s -> fake);
    }

    /** As STT_URL would be: {@code ws://127.0.0.1:PORT/v1/listen}. */
    String url() {
        return "ws://127.0.0.1:" + server.actualPort() + "/v1/listen";
    }

    /** The script the next stream takes; after it connects, this returns a fresh one for the one after. */
    synchronized ListenScript script() {
        if (nextScript == null) nextScript = new ListenScript();
        return nextScript;
    }

    /** The next upgrade gets this answer instead of a stream. */
    synchronized FakeDeepgram refuseNext(Refusal refusal) {
        refusals.add(refusal);
        return this;
    }

    /** Upgrades are answered this late: a slow network or a busy Deepgram. */
    FakeDeepgram handshakeDelay(Duration delay) {
        handshakeDelayMillis = delay.toMillis();
        return this;
    }

    List<Handshake> handshakes() {
        return List.copyOf(handshakes);
    }

    List<FakeListenStream> streams() {
        return List.copyOf(streams);
    }

    /** Waits (up to 5 s) until the n-th stream (0-based) is open. */
    FakeListenStream awaitStream(int n) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> streams.size() > n);
        return streams.get(n);
    }

    private void onRequest(HttpServerRequest req) {
        if (handshakeDelayMillis > 0) {
            req.pause();
            vertx.setTimer(handshakeDelayMillis, id -> {
                req.resume();
                answer(req);
            });
        } else {
            answer(req);
        }
    }

    private void answer(HttpServerRequest req) {
        MultiMap params = MultiMap.caseInsensitiveMultiMap().addAll(req.params());
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(req.headers());
        List<String> violations = new ArrayList<>();
        Refusal refusal;
        synchronized (this) {
            refusal = refusals.isEmpty() ? null : refusals.removeFirst();
        }
        String auth = req.getHeader("Authorization");
        if (refusal == null && !"/v1/listen".equals(req.path())) {
            refusal = Refusal.legacy(404, "NOT_FOUND", "Not found: " + req.path());
        } else if (refusal == null && (auth == null || !auth.equals("Token " + apiKey))) {
            violations.add(auth == null ? "no Authorization header" : "a wrong Authorization header");
            refusal = Refusal.legacy(401, "INVALID_AUTH", "Invalid credentials.");
        }
        if (refusal == null) {
            checkQuery(params, violations);
            if (!req.canUpgradeToWebSocket()) violations.add("not a WebSocket upgrade");
            if (!violations.isEmpty()) refusal = Refusal.legacy(400, "Bad Request", String.join("; ", violations));
        }
        handshakes.add(new Handshake(req.path(), params, headers, refusal == null ? 101 : refusal.status(), violations));
        if (refusal != null) {
            var response = req.response().setStatusCode(refusal.status());
            refusal.headers().forEach(response::putHeader);
            response.end(refusal.body());
            return;
        }
        ListenScript script = takeScript();
        long streamSeed = seed + streams.size();
        var connection = req.connection();
        req.toWebSocket().onSuccess(ws -> {
            FakeListenStream stream = new FakeListenStream(vertx, ws, connection, params, script, streamSeed);
            streams.add(stream);
            stream.start();
        });
    }

    /** docs §2: what a live stream's query must and may hold. */
    private static void checkQuery(MultiMap params, List<String> violations) {
        if (params.get("model") == null) violations.add("no model");
        String encoding = params.get("encoding");
        if (encoding == null || !ENCODINGS.contains(encoding)) violations.add("encoding " + encoding);
        String rate = params.get("sample_rate");
        if (rate == null || !rate.matches("[1-9][0-9]{3,5}")) violations.add("sample_rate " + rate);
        if (!"1".equals(params.get("channels"))) violations.add("channels " + params.get("channels"));
        if (!"true".equals(params.get("interim_results"))) violations.add("interim_results " + params.get("interim_results"));
        String language = params.get("language");
        if (language != null && !language.matches("multi|[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")) violations.add("language " + language);
        for (String name : params.names()) {
            if (!KNOWN_PARAMS.contains(name)) violations.add("unknown parameter " + name);
            if (params.getAll(name).size() > 1) violations.add("parameter " + name + " twice");
        }
    }

    private synchronized ListenScript takeScript() {
        ListenScript s = script();
        nextScript = null;
        return s;
    }

    /** Streams still open are cut first: one that stopped reading cannot see its client leave, and would hold the close for 10 s. */
    @Override
    public void close() {
        for (FakeListenStream stream : streams) {
            if (!stream.closed().isComplete()) stream.drop();
        }
        server.close().await();
    }
}
