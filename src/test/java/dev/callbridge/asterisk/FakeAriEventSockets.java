package dev.callbridge.asterisk;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.impl.ConnectionBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The {@code /ari/events} side of {@link FakeAri}: upgrades (recorded), the one socket events go
 * to (a second socket for the app replaces the first, which hears {@code ApplicationReplaced}),
 * what was sent, and the ways a socket can fail. Socket state is touched only on the fake's context.
 */
final class FakeAriEventSockets {
    /** One upgrade attempt: 101 accepted, 401/400 refused, 0 cut before any answer. */
    record Handshake(String uri, int status, long atNanos) {
        Handshake(String uri, int status) {
            this(uri, status, System.nanoTime());
        }
    }

    private record EventSocket(ServerWebSocket ws, HttpConnection connection, String app) {}

    private final List<Handshake> handshakes = new CopyOnWriteArrayList<>();
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final List<JsonObject> sentJson = new CopyOnWriteArrayList<>();
    private volatile boolean refuse;
    private EventSocket current;

    void refuse(boolean on) {
        refuse = on;
    }

    void refusedForCredentials(HttpServerRequest req) {
        handshakes.add(new Handshake(req.uri(), 401));
    }

    /** An authenticated upgrade request; {@code onApp} learns the app of each accepted socket. */
    void upgrade(HttpServerRequest req, Object lock, Consumer<String> onApp) {
        if (refuse) {
            handshakes.add(new Handshake(req.uri(), 0));
            req.connection().close();
            return;
        }
        String app = req.getParam("app");
        if (app == null || app.isBlank()) {
            // resource_events.c answers with ast_http_error: an HTML page, not JSON.
            handshakes.add(new Handshake(req.uri(), 400));
            req.response().setStatusCode(400).putHeader("Content-Type", "text/html")
                    .end("<html><head><title>400 Bad Request</title></head><body><h1>Bad Request</h1>"
                            + "<p>Missing param 'app'</p></body></html>");
            return;
        }
        HttpConnection connection = req.connection();
        req.toWebSocket().onSuccess(ws -> {
            handshakes.add(new Handshake(req.uri(), 101));
            synchronized (lock) {
                EventSocket old = current;
                if (old != null && old.app().equals(app) && !old.ws().isClosed()) {
                    // Only one socket per app: the old one is told, then hears nothing more (it stays open).
                    old.ws().writeTextMessage(FakeAriEvents.applicationReplaced(app).encode());
                }
                EventSocket socket = new EventSocket(ws, connection, app);
                current = socket;
                onApp.accept(app);
                ws.closeHandler(v -> {
                    if (current == socket) current = null;
                });
            }
        });
    }

    boolean connected() {
        return current != null && !current.ws().isClosed();
    }

    /** Sends one event to the current socket, if any, and notes it. */
    void emit(JsonObject event) {
        if (!connected()) return;
        current.ws().writeTextMessage(event.encode());
        sentJson.add(event);
        JsonObject subject = event.getJsonObject("channel", event.getJsonObject("peer", event.getJsonObject("bridge")));
        String variable = event.getString("variable");
        sent.add(event.getString("type") + (subject == null ? "" : " " + subject.getString("id"))
                + (variable == null ? "" : " " + variable));
    }

    void sendRaw(String text) {
        requireSocket().ws().writeTextMessage(text);
    }

    /**
     * Resets the TCP connection without a close frame, as a crashed Asterisk or a cut network
     * would. HttpConnection.close() is graceful (it sends a close frame), so this goes beneath
     * Vert.x's pipeline, as FakeRealtimeSession.drop does: Vert.x internals, tolerated in tests.
     */
    void drop() {
        EventSocket s = requireSocket();
        current = null;
        Channel channel = ((ConnectionBase) s.connection()).channel();
        channel.config().setOption(ChannelOption.SO_LINGER, 0);
        channel.unsafe().close(channel.voidPromise());
    }

    /** Stops reading the socket without closing it: the client's pings go unanswered. */
    void freeze() {
        ((ConnectionBase) requireSocket().connection()).channel().config().setAutoRead(false);
    }

    List<Handshake> handshakes() {
        return List.copyOf(handshakes);
    }

    List<String> sent() {
        return List.copyOf(sent);
    }

    List<JsonObject> sentJson() {
        return sentJson.stream().map(JsonObject::copy).toList();
    }

    private EventSocket requireSocket() {
        if (current == null) throw new IllegalStateException("no events socket");
        return current;
    }
}
