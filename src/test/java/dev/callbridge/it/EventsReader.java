package dev.callbridge.it;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/** A {@code /ws/events} subscriber that reads as fast as it can and keeps every message and how it was closed. */
final class EventsReader implements AutoCloseable {
    final List<String> received = new CopyOnWriteArrayList<>();
    final AtomicReference<Short> closeStatus = new AtomicReference<>();
    private final WebSocketClient client;
    private final WebSocket ws;

    EventsReader(Vertx vertx, int port, String uri) {
        client = vertx.createWebSocketClient();
        ws = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri)).await();
        ws.textMessageHandler(received::add);
        ws.closeHandler(v -> closeStatus.set(ws.closeStatusCode() == null ? -1 : ws.closeStatusCode()));
    }

    boolean isClosed() {
        return ws.isClosed();
    }

    WebSocket socket() {
        return ws;
    }

    @Override
    public void close() {
        if (!ws.isClosed()) ws.close().await();
        client.close().await();
    }
}
