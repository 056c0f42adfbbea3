package dev.callbridge.api;

import dev.callbridge.call.CallEvent;
import dev.callbridge.call.CallEventBus;
import dev.callbridge.call.CallJson;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * {@code WS /ws/events}: every {@link CallEvent} as a JSON text frame, optionally only one
 * call's ({@code ?callId=}). Each event is serialized once for all listeners. A listener that
 * cannot keep up is disconnected (1013) rather than silently missing events.
 */
public final class EventsSocket implements Consumer<CallEvent> {
    private final ApiAuth auth;
    private final Map<ServerWebSocket, String> sockets = new ConcurrentHashMap<>();

    public EventsSocket(ApiAuth auth, CallEventBus bus) {
        this.auth = auth;
        bus.subscribe(this);
    }

    public void handle(RoutingContext rc) {
        auth.check(rc.request());
        String callId = rc.request().getParam("callId");
        rc.request().toWebSocket().onSuccess(ws -> {
            ws.setWriteQueueMaxSize(1 << 20);
            sockets.put(ws, callId == null ? "" : callId);
            ws.closeHandler(v -> sockets.remove(ws));
            ws.textMessageHandler(text -> { /* listeners only listen */ });
        });
    }

    @Override
    public void accept(CallEvent event) {
        if (sockets.isEmpty()) return;
        String text = null;
        for (Map.Entry<ServerWebSocket, String> s : sockets.entrySet()) {
            String filter = s.getValue();
            if (!filter.isEmpty() && !filter.equals(event.callId())) continue;
            ServerWebSocket ws = s.getKey();
            if (ws.writeQueueFull()) {
                sockets.remove(ws);
                ws.close((short) 1013, "too slow: events are arriving faster than they are read");
                continue;
            }
            if (text == null) text = CallJson.eventText(event);
            ws.writeTextMessage(text);
        }
    }
}
