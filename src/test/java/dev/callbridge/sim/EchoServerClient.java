package dev.callbridge.sim;

import dev.callbridge.engine.openai.RealtimeCodec;
import dev.callbridge.engine.openai.RealtimeServerEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A bare WebSocket client for {@link RealtimeEchoServer} tests: the wire event by event, each
 * frame also run through the production {@link RealtimeCodec}, so a frame the gateway's client
 * could not read fails the test that receives it.
 */
final class EchoServerClient implements AutoCloseable {
    static final String MODEL = "gpt-realtime";
    private static final RealtimeCodec PRODUCTION = new RealtimeCodec();

    /** A server event as JSON and as the gateway's codec decodes it ({@code unreadable} when it could not). */
    record Received(String frame, JsonObject json, RealtimeServerEvent decoded, RuntimeException unreadable) {
        String type() {
            return json.getString("type");
        }
    }

    // Held in a field: a client nobody references may be collected, closing its sockets.
    private final WebSocketClient client;
    private final WebSocket ws;
    private final LinkedBlockingQueue<Received> inbox = new LinkedBlockingQueue<>();

    private EchoServerClient(WebSocketClient client, WebSocket ws) {
        this.client = client;
        this.ws = ws;
        ws.textMessageHandler(m -> {
            try {
                inbox.add(new Received(m, new JsonObject(m), PRODUCTION.decode(m), null));
            } catch (RuntimeException e) {
                inbox.add(new Received(m, null, null, e));
            }
        });
    }

    static WebSocketConnectOptions options(RealtimeEchoServer server, String apiKey, String model) {
        WebSocketConnectOptions o = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(server.port())
                .setURI(RealtimeEchoServer.PATH + (model == null ? "" : "?model=" + model));
        if (apiKey != null) o.addHeader("Authorization", "Bearer " + apiKey);
        return o;
    }

    /** Connects, or fails as the upgrade did (e.g. {@code UpgradeRejectedException}). */
    static Future<EchoServerClient> connect(Vertx vertx, WebSocketConnectOptions options) {
        WebSocketClient client = vertx.createWebSocketClient();
        return client.connect(options).map(ws -> new EchoServerClient(client, ws)).onFailure(e -> client.close());
    }

    static EchoServerClient connect(Vertx vertx, RealtimeEchoServer server, String apiKey) {
        return within5s(connect(vertx, options(server, apiKey, MODEL)));
    }

    void send(String frame) {
        within5s(ws.writeTextMessage(frame));
    }

    void send(JsonObject event) {
        send(event.encode());
    }

    void append(String base64) {
        send(new JsonObject().put("type", "input_audio_buffer.append").put("audio", base64));
    }

    static <T> T within5s(Future<T> future) {
        try {
            return future.await(5, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("not done within 5 s", e);
        }
    }

    /** The next server event; fails after 5 s. */
    Received next() {
        try {
            Received r = inbox.poll(5, TimeUnit.SECONDS);
            if (r == null) throw new AssertionError("no server event within 5 s");
            if (r.unreadable() != null) throw new AssertionError("the gateway's codec cannot read " + r.frame(), r.unreadable());
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    List<Received> next(int n) {
        List<Received> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(next());
        return out;
    }

    /** Nothing more arrives within {@code millis}. */
    boolean quietFor(long millis) throws InterruptedException {
        return inbox.poll(millis, TimeUnit.MILLISECONDS) == null;
    }

    boolean isClosed() {
        return ws.isClosed();
    }

    @Override
    public void close() {
        if (!ws.isClosed()) ws.close();
        client.close();
    }
}
