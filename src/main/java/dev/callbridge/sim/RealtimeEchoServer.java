package dev.callbridge.sim;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A stand-in for the OpenAI Realtime API that echoes: every appended chunk of caller audio comes
 * straight back as model audio (see {@link RealtimeEchoSession}). It lets the gateway's realtime
 * relay be load-tested end to end with {@code loadtest}, the way the echo agent lets the media
 * path be. This class is the transport: the upgrade checks of protocols/openai-realtime.md §1,
 * one HTTP server per event loop on a shared port, and the counters.
 */
public final class RealtimeEchoServer {
    public static final String PATH = "/v1/realtime";

    /** @param eventLoops server instances, one per event loop of the Vert.x it runs on */
    public record Options(String host, int port, String apiKey, int eventLoops) {}

    /** Running totals; written on the event loops, read by anyone. */
    public static final class Counters {
        final AtomicInteger open = new AtomicInteger();
        final LongAdder sessions = new LongAdder();
        final LongAdder refused = new LongAdder();
        final LongAdder appends = new LongAdder();
        final LongAdder errors = new LongAdder();

        public int open() {
            return open.get();
        }

        public long sessions() {
            return sessions.sum();
        }

        public long refused() {
            return refused.sum();
        }

        public long appendsEchoed() {
            return appends.sum();
        }

        public long errors() {
            return errors.sum();
        }
    }

    private final Vertx vertx;
    private final Options options;
    private final RealtimeEchoCodec codec = new RealtimeEchoCodec();
    private final Counters counters = new Counters();
    private final AtomicLong connectionNumbers = new AtomicLong();
    private final AtomicInteger boundPort = new AtomicInteger();
    private String deploymentId;

    private RealtimeEchoServer(Vertx vertx, Options options) {
        this.vertx = vertx;
        this.options = options;
    }

    /** Listens on {@code options}' host and port (0: a free one, see {@link #port()}). */
    public static Future<RealtimeEchoServer> start(Vertx vertx, Options options) {
        RealtimeEchoServer server = new RealtimeEchoServer(vertx, options);
        HttpServerOptions http = new HttpServerOptions().setHost(options.host()).setPort(options.port()).setTcpNoDelay(true)
                .setMaxWebSocketFrameSize(1 << 20).setMaxWebSocketMessageSize(4 << 20);
        // No webSocketHandler: upgrades reach the request handler, which can refuse them with a status and a JSON body.
        return vertx.deployVerticle(() -> new VerticleBase() {
                    @Override
                    public Future<?> start() {
                        return vertx.createHttpServer(http).requestHandler(server::onRequest).listen()
                                .onSuccess(s -> server.boundPort.set(s.actualPort()));
                    }
                }, new DeploymentOptions().setInstances(Math.max(1, options.eventLoops())))
                .map(id -> {
                    server.deploymentId = id;
                    return server;
                });
    }

    public int port() {
        return boundPort.get();
    }

    /** What to set {@code OPENAI_REALTIME_URL} to. */
    public String url() {
        return "ws://" + options.host() + ":" + port() + PATH;
    }

    public Counters counters() {
        return counters;
    }

    public Future<Void> close() {
        return deploymentId == null ? Future.succeededFuture() : vertx.undeploy(deploymentId);
    }

    /** Doc §1: bearer key in the header, model in the query; refusals in OpenAI's REST error shape. */
    private void onRequest(HttpServerRequest req) {
        String auth = req.getHeader("Authorization");
        String model = req.getParam("model");
        if (!req.path().equals(PATH)) {
            refuse(req, 404, "not_found", "Invalid URL (" + req.method() + " " + req.path() + ")", null);
        } else if (auth == null || !auth.startsWith("Bearer ")) {
            refuse(req, 401, null, "You didn't provide an API key. You need to provide your API key in an Authorization "
                    + "header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", null);
        } else if (!auth.substring("Bearer ".length()).equals(options.apiKey())) {
            refuse(req, 401, "invalid_api_key", "Incorrect API key provided.", null);
        } else if (model == null || model.isBlank()) {
            refuse(req, 400, "missing_required_parameter", "Missing required parameter: 'model'.", "model");
        } else if (!req.canUpgradeToWebSocket()) {
            refuse(req, 400, null, "This endpoint only accepts WebSocket connections.", null);
        } else {
            req.toWebSocket().onSuccess(ws -> accept(ws, model)).onFailure(e -> counters.refused.increment());
        }
    }

    private void refuse(HttpServerRequest req, int status, String code, String message, String param) {
        counters.refused.increment();
        req.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(codec.httpError(code, message, param));
    }

    private void accept(ServerWebSocket ws, String model) {
        String tag = Long.toString(connectionNumbers.incrementAndGet(), 36); // ids need only be unique per server run
        RealtimeEchoSession session = new RealtimeEchoSession(codec, ws::writeTextMessage, tag, model,
                System.currentTimeMillis() / 1000);
        counters.sessions.increment();
        counters.open.incrementAndGet();
        ws.closeHandler(v -> counters.open.decrementAndGet());
        ws.exceptionHandler(e -> { }); // a client that vanishes ends its session; nothing to report per socket
        ws.textMessageHandler(frame -> {
            switch (session.onFrame(frame)) {
                case ECHOED -> counters.appends.increment();
                case ERROR -> counters.errors.increment();
                case OTHER -> { }
            }
        });
        session.open();
    }
}
