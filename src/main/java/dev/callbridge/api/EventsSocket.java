package dev.callbridge.api;

import dev.callbridge.call.CallEvent;
import dev.callbridge.call.CallEventBus;
import dev.callbridge.call.CallJson;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.vertx.core.Vertx;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * {@code WS /ws/events}: every {@link CallEvent} as a JSON text frame, optionally only one
 * call's ({@code ?callId=}). Each event is serialized once and handed to each subscriber's own
 * outbox, which its socket's context drains (see {@link EventsSubscriber}). A subscriber too far
 * behind, in characters waiting or in time without progress, is disconnected (1013, then a
 * reset if it does not read even that) rather than silently missing events; the drop is counted.
 */
public final class EventsSocket implements Consumer<CallEvent> {
    /** Characters written to a socket and not yet handed to its kernel buffer; more waits in the outbox, where it is counted. */
    static final int IN_FLIGHT_CHARS = 64 * 1024;
    /**
     * The kernel's send buffer per subscriber, fixed rather than auto-tuned (up to 4 MiB on Linux),
     * so a client that stops reading holds little there: what is behind is counted in the outbox.
     * 128 KiB still carries over 1 MB/s to a dashboard 200 ms away.
     */
    static final int KERNEL_SEND_BUFFER_BYTES = 128 * 1024;
    /** Call ids are short tokens ({@code c_…}); a filter that is not one is a client mistake, not a filter that matches nothing. */
    private static final Pattern CALL_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /**
     * How far behind a subscriber may fall. {@code maxBehindChars}: JSON waiting in its outbox
     * (characters, about its bytes: events are mostly ASCII). {@code maxStall}: how long its writes
     * may go without one completing (the client is not reading). {@code closeGrace}: how long the 1013 close frame may
     * wait behind unread data before the connection is reset.
     */
    public record Limits(long maxBehindChars, Duration maxStall, Duration closeGrace, int maxSubscribers) {
        /**
         * 1 Mi characters is some 5,000 events: seconds of a 300-call load's events, and far more
         * than a reading dashboard falls behind in a burst. 20 s without progress is a client
         * that is not reading; 2 s is enough to read a close frame.
         */
        public static final Limits DEFAULTS = new Limits(1 << 20, Duration.ofSeconds(20), Duration.ofSeconds(2), 256);
    }

    public enum DropReason {
        /** More than {@link Limits#maxBehindChars} waiting. */
        BEHIND("behind", "too slow: more events waiting than the limit"),
        /** Its socket took nothing for {@link Limits#maxStall}. */
        STALLED("stalled", "too slow: nothing read for too long");

        private final String label;
        private final String closeReason;

        DropReason(String label, String closeReason) {
            this.label = label;
            this.closeReason = closeReason;
        }

        public String label() {
            return label;
        }

        String closeReason() {
            return closeReason;
        }
    }

    public interface Metrics {
        void subscriberDropped(DropReason reason);

        void subscriberRefused(String reason);
    }

    private final Vertx vertx;
    private final ApiAuth auth;
    private final Limits limits;
    private final Metrics metrics;
    private final Set<EventsSubscriber> subscribers = ConcurrentHashMap.newKeySet();

    public EventsSocket(Vertx vertx, ApiAuth auth, CallEventBus bus, Limits limits, Metrics metrics) {
        this.vertx = vertx;
        this.auth = auth;
        this.limits = limits;
        this.metrics = metrics;
        bus.subscribe(this);
    }

    public void handle(RoutingContext rc) {
        String callId = callIdFilter(rc); // first: the token is a query parameter too, and a broken query is a 400
        auth.check(rc.request());
        if (subscribers.size() >= limits.maxSubscribers()) {
            metrics.subscriberRefused("limit");
            throw new ApiError(503, "too_many_subscribers", "already " + limits.maxSubscribers() + " event subscribers; try again later");
        }
        Channel channel = rc.request().connection() instanceof ConnectionBase c ? c.channel() : null;
        rc.request().toWebSocket().onSuccess(ws -> {
            if (channel != null) channel.config().setOption(ChannelOption.SO_SNDBUF, KERNEL_SEND_BUFFER_BYTES);
            EventsSubscriber s = new EventsSubscriber(ws, channel, vertx.getOrCreateContext(), callId, limits, this::dropped);
            subscribers.add(s);
            ws.closeHandler(v -> {
                subscribers.remove(s);
                s.connectionClosed();
            });
            // Listeners only listen: frames are read and dropped one by one, never gathered into
            // messages. Ping, pong and close are Vert.x's business.
            ws.frameHandler(frame -> { });
        });
    }

    private static String callIdFilter(RoutingContext rc) {
        String callId;
        try {
            callId = rc.request().getParam("callId");
        } catch (IllegalArgumentException e) { // a bad percent-escape in the query
            throw ApiError.badRequest("the query string is not valid: " + e.getMessage());
        }
        if (callId == null || callId.isEmpty()) return null;
        if (!CALL_ID.matcher(callId).matches()) {
            throw ApiError.badRequest("callId must be a call id (1 to 64 letters, digits, '_' or '-')");
        }
        return callId;
    }

    /** Subscribers connected now. */
    public int subscribers() {
        return subscribers.size();
    }

    @Override
    public void accept(CallEvent event) {
        if (subscribers.isEmpty()) return;
        String text = null;
        for (EventsSubscriber s : subscribers) {
            if (!s.wants(event.callId())) continue;
            if (text == null) text = CallJson.eventText(event);
            s.offer(text);
        }
    }

    /**
     * An event that belongs to no call (a {@code whatsapp.message}), already serialized: to every
     * subscriber that follows all events, none that follows one call.
     */
    public void broadcast(String text) {
        for (EventsSubscriber s : subscribers) {
            if (s.wants(null)) s.offer(text);
        }
    }

    /**
     * At stop, before the HTTP listeners close: each subscriber gets a 1001 close and, if it does
     * not read it within the grace, a reset; else closing the listeners would wait on it for good.
     */
    public void close() {
        subscribers.forEach(EventsSubscriber::goingAway);
        subscribers.clear();
    }

    private void dropped(EventsSubscriber s, DropReason reason) {
        subscribers.remove(s);
        metrics.subscriberDropped(reason);
    }
}
