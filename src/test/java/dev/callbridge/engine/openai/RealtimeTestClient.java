package dev.callbridge.engine.openai;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bare Vert.x WebSocket client for testing the fake itself: it knows nothing of callbridge's
 * codec, so what the tests assert is the wire, event by event.
 */
final class RealtimeTestClient implements AutoCloseable {
    static final String MODEL = "gpt-realtime";

    private final WebSocketClient client;
    private final WebSocket ws;
    private final LinkedBlockingQueue<JsonObject> inbox = new LinkedBlockingQueue<>();
    /** Close code the server sent (1006 when the connection ended without a close frame). */
    final CompletableFuture<Short> closed = new CompletableFuture<>();

    private RealtimeTestClient(WebSocketClient client, WebSocket ws) {
        this.client = client;
        this.ws = ws;
        ws.textMessageHandler(m -> inbox.add(new JsonObject(m)));
        ws.closeHandler(v -> closed.complete(ws.closeStatusCode() == null ? (short) 1006 : ws.closeStatusCode()));
    }

    static WebSocketConnectOptions options(FakeRealtimeServer fake, String apiKey) {
        WebSocketConnectOptions o = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(fake.port())
                .setURI("/v1/realtime?model=" + MODEL);
        if (apiKey != null) o.addHeader("Authorization", "Bearer " + apiKey);
        return o;
    }

    /** Connects, or returns the failure (e.g. {@code UpgradeRejectedException} with status and body). */
    static Future<RealtimeTestClient> connect(Vertx vertx, WebSocketConnectOptions options) {
        WebSocketClient client = vertx.createWebSocketClient();
        return client.connect(options).map(ws -> new RealtimeTestClient(client, ws))
                .onFailure(e -> client.close());
    }

    static RealtimeTestClient connect(Vertx vertx, FakeRealtimeServer fake) {
        return connect(vertx, options(fake, "sk-test")).await();
    }

    void send(JsonObject event) {
        ws.writeTextMessage(event.encode()).await();
    }

    void send(String type) {
        send(new JsonObject().put("type", type));
    }

    void append(byte[] audio) {
        send(new JsonObject().put("type", "input_audio_buffer.append").put("audio", Base64.getEncoder().encodeToString(audio)));
    }

    /** The next server event; fails after 5 s. */
    JsonObject next() {
        try {
            JsonObject e = inbox.poll(5, TimeUnit.SECONDS);
            if (e == null) throw new AssertionError("no server event within 5 s");
            return e;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }

    /** Reads events until one of {@code type} arrives; returns all read, that one last. */
    List<JsonObject> until(String type) {
        List<JsonObject> read = new ArrayList<>();
        JsonObject e;
        do read.add(e = next());
        while (!type.equals(e.getString("type")));
        return read;
    }

    JsonObject nextOf(String type) {
        return until(type).getLast();
    }

    /** Events already received and not yet read, without waiting. */
    List<JsonObject> drain() {
        List<JsonObject> out = new ArrayList<>();
        inbox.drainTo(out);
        return out;
    }

    static List<String> types(List<JsonObject> events) {
        return events.stream().map(e -> e.getString("type")).toList();
    }

    short awaitClose() {
        try {
            return closed.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("socket not closed within 5 s", e);
        }
    }

    @Override
    public void close() {
        if (!ws.isClosed()) ws.close();
        client.close();
    }
}
