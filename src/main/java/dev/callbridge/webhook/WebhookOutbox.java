package dev.callbridge.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.callbridge.call.CallEvent;
import dev.callbridge.call.CallJson;
import dev.callbridge.store.EventOutbox;
import dev.callbridge.whatsapp.MessageOutbox;
import dev.callbridge.whatsapp.WhatsAppMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Writes one {@code webhook_deliveries} row per (event, subscription that wants its type), inside
 * the transaction that stores the event: the store writer's for call events, the WhatsApp store's
 * for {@code whatsapp.message}. The body is the payload exactly as it will be sent:
 * {@code {"id","type","callId","at","data"}}, with {@code call.ended}'s data
 * {@code {"call":…,"transcript":[…]}} read in the same transaction, so it holds every entry stored
 * before the end, those of the same batch included.
 */
public final class WebhookOutbox implements EventOutbox, MessageOutbox {
    static final String WHATSAPP_MESSAGE = "whatsapp.message";
    /**
     * A WhatsApp message's rows are ordered on its conversation's line, {@code whatsapp:+<number>}:
     * one customer's events reach a receiver in order while other conversations and calls go on.
     */
    static final String WHATSAPP_LINE = "whatsapp:";

    private final WebhookSettings settings;
    private final Clock clock;

    public WebhookOutbox(WebhookSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void append(Connection tx, CallEvent event, String eventId, StoredCalls calls) throws SQLException {
        insert(tx, eventId, event.type(), event.callId(), () -> envelope(eventId, event.type(), event.callId(), event.at(), data(event, calls)));
    }

    /** A WhatsApp message's change: {@code data} is the message as {@code /ws/events} shows it, {@code at} the change's time. */
    @Override
    public void append(Connection tx, WhatsAppMessage message) throws SQLException {
        String eventId = message.changeId();
        insert(tx, eventId, WHATSAPP_MESSAGE, WHATSAPP_LINE + message.number(),
                () -> envelope(eventId, WHATSAPP_MESSAGE, null, message.updatedAt(), message.json()));
    }

    private interface Payload {
        ObjectNode build() throws SQLException;
    }

    /** One row per subscription that wants {@code type}, all with the same body, built only if one does. */
    private void insert(Connection tx, String eventId, String type, String line, Payload payload) throws SQLException {
        String body = null;
        for (WebhookSubscription s : settings.subscriptions()) {
            if (!s.wants(type)) continue;
            if (body == null) body = CallJson.write(payload.build());
            DeliveryRows.insert(tx, eventId, type, line, s.key(), body, clock.instant(), settings.retryFor());
        }
    }

    /** {@code {"id","type","callId","at","data"}}: what every webhook carries. */
    private static ObjectNode envelope(String eventId, String type, String callId, Instant at, JsonNode data) {
        ObjectNode node = CallJson.mapper().createObjectNode();
        node.put("id", eventId);
        node.put("type", type);
        node.put("callId", callId);
        node.put("at", at.toString());
        node.set("data", data);
        return node;
    }

    /** An event's {@code data}; {@code call.ended}'s also carries the transcript, read in this transaction. */
    private static JsonNode data(CallEvent event, StoredCalls calls) throws SQLException {
        if (!(event instanceof CallEvent.Ended ended)) return CallJson.data(event);
        ObjectNode d = CallJson.mapper().createObjectNode();
        d.set("call", CallJson.call(ended.call()));
        var entries = d.putArray("transcript");
        calls.transcript(event.callId()).forEach(e -> entries.add(CallJson.entry(e)));
        return d;
    }

    static void setInstant(PreparedStatement ps, int i, Instant at) throws SQLException {
        ps.setObject(i, at.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC));
    }
}
