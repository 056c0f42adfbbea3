package dev.callbridge.engine.openai;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A protocol-faithful stand-in for the OpenAI Realtime API (GA, WebSocket), built from
 * protocols/openai-realtime.md. It listens on 127.0.0.1 at a random port and serves
 * {@code /v1/realtime?model=…}; each accepted connection becomes a {@link FakeRealtimeSession}
 * driven by a {@link RealtimeScript}.
 *
 * <pre>{@code
 * FakeRealtimeServer fake = FakeRealtimeServer.start(vertx, "sk-test").await();
 * fake.script()                                   // the script the next connection takes
 *     .speech(1000, 2200, "I'd like to book a table")
 *     .respond(ScriptedResponse.audio(ulaw, "For how many?").withChunkMs(20));
 * // point the client at fake.url() + "?model=gpt-realtime" with "Authorization: Bearer sk-test"
 * fake.awaitSession(0).timeline().lines();       // "→ session.created", "← session.update", …
 * }</pre>
 *
 * <p>Knobs are volatile and may be flipped between connections from any thread.
 */
final class FakeRealtimeServer implements AutoCloseable {
    /** One upgrade request as received, and the HTTP status the fake answered (101 when accepted, 0 when the connection was cut). */
    record Handshake(String uri, String model, MultiMap headers, int status) {}

    private final Vertx vertx;
    private final String apiKey;
    private final List<Handshake> handshakes = new CopyOnWriteArrayList<>();
    private final List<FakeRealtimeSession> sessions = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private HttpServer server;
    private RealtimeScript nextScript;
    private volatile boolean rateLimited;
    private volatile boolean refuseConnections;
    private volatile boolean echo;
    private volatile boolean recordAudio = true;
    private volatile long sessionCapMs;
    private volatile short capCloseCode = 1000;

    private FakeRealtimeServer(Vertx vertx, String apiKey) {
        this.vertx = vertx;
        this.apiKey = apiKey;
    }

    static Future<FakeRealtimeServer> start(Vertx vertx, String apiKey) {
        FakeRealtimeServer fake = new FakeRealtimeServer(vertx, apiKey);
        // No webSocketHandler: upgrade requests reach the request handler, which can refuse them with a JSON body.
        fake.server = vertx.createHttpServer().requestHandler(fake::onRequest);
        return fake.server.listen(0, "127.0.0.1").map(s -> fake);
    }

    /** The WebSocket URL without the model parameter, e.g. {@code ws://127.0.0.1:41234/v1/realtime}. */
    String url() {
        return "ws://127.0.0.1:" + server.actualPort() + "/v1/realtime";
    }

    int port() {
        return server.actualPort();
    }

    // ------------------------------------------------------------------ knobs

    /** The script the next connection will take; after it connects, this returns a fresh one for the one after. */
    synchronized RealtimeScript script() {
        if (nextScript == null) nextScript = new RealtimeScript();
        return nextScript;
    }

    private synchronized RealtimeScript takeScript() {
        RealtimeScript s = script();
        nextScript = null;
        return s;
    }

    /** While on, every handshake is answered HTTP 429 with a rate-limit error body. */
    FakeRealtimeServer rateLimited(boolean on) {
        rateLimited = on;
        return this;
    }

    /** While on, every connection is cut before any HTTP answer, as an unreachable or crashing server would. */
    FakeRealtimeServer refuseConnections(boolean on) {
        refuseConnections = on;
        return this;
    }

    /** Echo mode for load tests (see {@link EchoResponder}); applies to connections made after the call. */
    FakeRealtimeServer echo(boolean on) {
        echo = on;
        return this;
    }

    /** Off: audio appends and deltas are counted, not kept in the timeline (long benchmarks). */
    FakeRealtimeServer recordAudio(boolean on) {
        recordAudio = on;
        return this;
    }

    /**
     * Sessions end after this long (0 = never), to test rollover: an error event {@code session_expired}
     * then a close frame. The real cap is 60 minutes; the error text and the close code (default
     * 1000) are ASSUMED: protocols/openai-realtime.md does not document them.
     */
    FakeRealtimeServer sessionCap(Duration cap, short closeCode) {
        sessionCapMs = cap.toMillis();
        capCloseCode = closeCode;
        return this;
    }

    // ------------------------------------------------------------------ what happened

    List<Handshake> handshakes() {
        return List.copyOf(handshakes);
    }

    List<FakeRealtimeSession> sessions() {
        return List.copyOf(sessions);
    }

    /**
     * Waits (up to 5 s) until the n-th session has acknowledged a {@code session.update}. The agent
     * streams once the update is sent, so the fake may not have read it when the agent is ready.
     */
    FakeRealtimeSession awaitConfigured(int n) {
        FakeRealtimeSession session = awaitSession(n);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> session.timeline().lines().contains("→ session.updated"));
        return session;
    }

    /** Waits (up to 5 s) until the n-th connection (0-based) has a session. */
    FakeRealtimeSession awaitSession(int n) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (sessions.size() <= n) {
            if (System.nanoTime() > deadline) throw new AssertionError("no session #" + n + " within 5 s; handshakes: " + handshakes);
            Thread.onSpinWait();
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        return sessions.get(n);
    }

    // ------------------------------------------------------------------ handshake (doc §1)

    private void onRequest(HttpServerRequest req) {
        String model = req.getParam("model");
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(req.headers());
        if (refuseConnections) {
            handshakes.add(new Handshake(req.uri(), model, headers, 0));
            req.connection().close();
            return;
        }
        RealtimeError refusal = null;
        int status = 101;
        String auth = req.getHeader("Authorization");
        if (!req.path().equals("/v1/realtime")) {
            status = 404;
            refusal = RealtimeError.invalidRequest(null, "Invalid URL (" + req.method() + " " + req.path() + ")", null); // ASSUMED text
        } else if (auth == null || !auth.startsWith("Bearer ")) {
            status = 401;
            refusal = RealtimeError.missingApiKey();
        } else if (!auth.substring(7).equals(apiKey)) {
            status = 401;
            refusal = RealtimeError.incorrectApiKey(auth.substring(7));
        } else if (rateLimited) {
            status = 429;
            refusal = RealtimeError.rateLimited();
        } else if (model == null || model.isBlank()) { // doc §1: the model is chosen in the URL (refusal ASSUMED)
            status = 400;
            refusal = RealtimeError.missingModel();
        } else if (!req.canUpgradeToWebSocket()) {
            status = 400;
            refusal = RealtimeError.invalidRequest(null, "This endpoint only accepts WebSocket connections.", null); // ASSUMED text
        }
        handshakes.add(new Handshake(req.uri(), model, headers, status));
        if (refusal != null) {
            req.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(refusal.httpBody());
            return;
        }
        boolean beta = req.getHeader("OpenAI-Beta") != null;
        var connection = req.connection();
        req.toWebSocket().onSuccess(ws -> {
            FakeRealtimeSession session = new FakeRealtimeSession(vertx, ws, connection, model, connections.getAndIncrement(),
                    takeScript(), echo, recordAudio);
            sessions.add(session);
            if (beta) {
                session.refuseBeta();
                return;
            }
            session.open();
            long cap = sessionCapMs;
            if (cap > 0) vertx.setTimer(cap, t -> {
                if (session.isClosed()) return;
                session.sendError(RealtimeError.sessionExpired(cap));
                session.close(capCloseCode, "session_expired");
            });
        });
    }

    @Override
    public void close() {
        server.close().await();
    }
}
