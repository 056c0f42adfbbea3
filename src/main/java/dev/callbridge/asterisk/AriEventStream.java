package dev.callbridge.asterisk;

import dev.callbridge.config.Secret;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ARI events WebSocket ({@code GET /ari/events?app=…&subscribeAll=false}, Basic auth): the
 * transport. Each text frame goes through {@link AriEventCodec}; results reach the
 * {@link Listener} on the Vert.x context that constructed the stream, in order.
 *
 * <p>It stays connected until {@link #close()}: after a failed attempt or a drop it retries
 * forever with exponential backoff and full jitter (250 ms doubling to 30 s, reset by each
 * successful connect). Asterisk registers the app only while a socket is open, so every
 * (re)connect is reported with {@link Listener#onConnected()}: channels may have come and
 * gone meanwhile, and the owner should reconcile them over REST. A WebSocket ping every 10 s
 * (Asterisk answers pongs) with a 30 s read-idle limit turns a silently dead socket into a
 * drop and a reconnect.
 *
 * <p>{@code ApplicationReplaced} (another socket took our app) is passed on like any event and
 * not acted on here: reconnecting would only take the app back and start a tug of war. A
 * listener that throws is logged; the stream goes on.
 */
public final class AriEventStream {
    private static final Logger log = LoggerFactory.getLogger(AriEventStream.class);
    private static final Duration PING_INTERVAL = Duration.ofSeconds(10);
    private static final int MAX_EVENT_BYTES = 1024 * 1024;

    /** What the stream reports, always on its context. */
    public interface Listener {
        /** Connected: the first time and after every reconnect. */
        void onConnected();

        void onEvent(AriEvent event);

        /** A frame the codec could not read; the socket stays open. */
        void onUnreadable(AriProtocolException e);

        /** A connected socket closed or dropped; a reconnect is already scheduled. Not called after {@link #close()}. */
        void onDisconnected(String why);

        /** An attempt failed: status 401 (credentials), another refused upgrade, or 0 (unreachable). Retried. */
        default void onConnectFailed(AriException e) {
        }
    }

    private final Vertx vertx;
    private final Context context;
    private final WebSocketClient client; // a field: an unreferenced client may be closed by GC
    private final AriEndpoint endpoint;
    private final Listener listener;
    private final ReconnectBackoff backoff;
    private final long pingMs;
    private final AriEventCodec codec = new AriEventCodec();

    // Touched only on the context.
    private WebSocket socket;
    private long retryTimer = -1;
    private long pingTimer = -1;
    private boolean started;

    // Read from any thread.
    private volatile boolean closed;
    private volatile boolean connected;
    private volatile int connects;

    /** @param ariUrl e.g. {@code http://127.0.0.1:8088}; a trailing {@code /ari} is accepted too */
    public AriEventStream(Vertx vertx, URI ariUrl, String username, Secret password, String app, Listener listener) {
        this(vertx, AriEndpoint.of(ariUrl, username, password, app), listener, ReconnectBackoff.standard(), PING_INTERVAL);
    }

    /** The seam for tests: fast backoff with a chosen random source, short pings. */
    AriEventStream(Vertx vertx, AriEndpoint endpoint, Listener listener, ReconnectBackoff backoff, Duration pingInterval) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.endpoint = endpoint;
        this.listener = listener;
        this.backoff = backoff;
        this.pingMs = Math.max(1, pingInterval.toMillis());
        this.client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setConnectTimeout(5000)
                .setMaxFrameSize(MAX_EVENT_BYTES).setMaxMessageSize(MAX_EVENT_BYTES)
                .setReadIdleTimeout((int) (3 * pingMs)).setIdleTimeoutUnit(TimeUnit.MILLISECONDS));
    }

    /** Starts connecting (once; later calls do nothing). */
    public void start() {
        context.runOnContext(v -> {
            if (started || closed) return;
            started = true;
            connect();
        });
    }

    public boolean isConnected() {
        return connected;
    }

    /** Successful connects after the first one. */
    public int reconnects() {
        return Math.max(0, connects - 1);
    }

    /** Stops for good: closes the socket, cancels any retry; the listener hears nothing more. */
    public Future<Void> close() {
        closed = true;
        return Future.future(done -> context.runOnContext(v -> {
            cancelTimers();
            socket = null;
            connected = false;
            client.close().onComplete(done);
        }));
    }

    // ------------------------------------------------------------------ on the context

    private void connect() {
        retryTimer = -1;
        if (closed) return;
        WebSocketConnectOptions options = new WebSocketConnectOptions().setAbsoluteURI(endpoint.events())
                .addHeader("Authorization", endpoint.authorization());
        client.connect(options).onComplete(ar -> {
            if (closed) {
                if (ar.succeeded()) ar.result().close();
            } else if (ar.succeeded()) {
                opened(ar.result());
            } else {
                failed(ar.cause());
            }
        });
    }

    private void opened(WebSocket ws) {
        socket = ws;
        connected = true;
        connects++;
        backoff.reset();
        ws.textMessageHandler(this::onText);
        ws.exceptionHandler(e -> log.debug("ARI events socket error: {}", e.toString()));
        ws.closeHandler(v -> onClosed(ws));
        pingTimer = vertx.setPeriodic(pingMs, id -> {
            if (!ws.isClosed()) ws.writePing(Buffer.buffer());
        });
        if (connects == 1) {
            log.info("ARI events connected to {} (app {})", endpoint.base(), endpoint.app());
        } else {
            log.info("ARI events reconnected to {} (app {}), reconnect #{}", endpoint.base(), endpoint.app(), connects - 1);
        }
        report(listener::onConnected);
    }

    private void onText(String text) {
        AriEvent event;
        try {
            event = codec.decode(text);
        } catch (AriProtocolException e) {
            report(() -> listener.onUnreadable(e));
            return;
        }
        report(() -> listener.onEvent(event));
    }

    private void onClosed(WebSocket ws) {
        if (socket != ws) return; // closed by close(), or an old socket
        socket = null;
        connected = false;
        cancelTimers();
        Short code = ws.closeStatusCode();
        String why = code == null || code == 1006 ? "dropped without a close frame"
                : "closed by Asterisk with " + code + (ws.closeReason() == null ? "" : " " + ws.closeReason());
        long delay = scheduleRetry();
        log.warn("ARI events socket {}; reconnecting in {} ms", why, delay);
        report(() -> listener.onDisconnected(why));
    }

    private void failed(Throwable cause) {
        AriException e;
        if (cause instanceof UpgradeRejectedException rejected) {
            String message = AriModelReader.errorMessage(rejected.getBody() == null ? "" : rejected.getBody().toString());
            e = new AriException(rejected.getStatus(), message != null ? message : "HTTP " + rejected.getStatus(), cause);
        } else {
            e = new AriException(0, "ARI events unreachable: " + cause.getMessage(), cause);
        }
        long delay = scheduleRetry();
        if (e.status() == 401) {
            // Loud but retried: Asterisk may be restarting with the new ari.conf.
            log.error("ARI refused the events socket with HTTP 401 ({}): check ARI username and password; retrying in {} ms",
                    e.getMessage(), delay);
        } else {
            log.warn("ARI events connect failed ({}): {}; retrying in {} ms", e.status(), e.getMessage(), delay);
        }
        report(() -> listener.onConnectFailed(e));
    }

    private long scheduleRetry() {
        long delay = Math.max(1, backoff.nextDelayMs());
        retryTimer = vertx.setTimer(delay, id -> connect());
        return delay;
    }

    private void cancelTimers() {
        if (retryTimer >= 0) vertx.cancelTimer(retryTimer);
        if (pingTimer >= 0) vertx.cancelTimer(pingTimer);
        retryTimer = -1;
        pingTimer = -1;
    }

    /** A listener that throws must not take the stream down with it. */
    private void report(Runnable call) {
        if (closed) return;
        try {
            call.run();
        } catch (RuntimeException e) {
            log.error("ARI events listener failed", e);
        }
    }
}
