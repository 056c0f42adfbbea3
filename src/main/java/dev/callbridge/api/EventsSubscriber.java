package dev.callbridge.api;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.vertx.core.Context;
import io.vertx.core.http.ServerWebSocket;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One {@code /ws/events} socket and its outbox. Events are offered from whichever context
 * publishes them (each call's own) and written on the socket's context only, so writing never
 * crosses event loops: Vert.x reports a socket written from another loop full after 16 queued
 * messages, whatever their size, which cut healthy readers off in a burst.
 *
 * <p>What is behind is counted here, in characters: those waiting in the outbox (at most
 * {@link EventsSocket.Limits#maxBehindChars}) and those written but not yet handed to the kernel
 * (at most {@link EventsSocket#IN_FLIGHT_CHARS}, counted down as each write completes). A
 * subscriber over the first bound, or whose writes have not moved for
 * {@link EventsSocket.Limits#maxStall}, is dropped.
 */
final class EventsSubscriber {
    private final ServerWebSocket ws;
    /** The socket's TCP connection, to reset it; null where it cannot be had (then the close frame must do). */
    private final Channel channel;
    private final Context context;
    private final String callId;
    private final EventsSocket.Limits limits;
    private final Dropped onDropped;

    // Any publishing context: offers and the accounting of what waits.
    private final Queue<String> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicLong waitingChars = new AtomicLong();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicBoolean dropped = new AtomicBoolean();
    private volatile boolean connectionClosed;

    // The socket's context only.
    private long inFlightChars;
    private long lastProgressNanos;
    private long stallTimer = -1;

    /** Told once, on the context that noticed, when a subscriber is cut off. */
    interface Dropped {
        void dropped(EventsSubscriber subscriber, EventsSocket.DropReason reason);
    }

    EventsSubscriber(ServerWebSocket ws, Channel channel, Context context, String callId, EventsSocket.Limits limits,
                     Dropped onDropped) {
        this.ws = ws;
        this.channel = channel;
        this.context = context;
        this.callId = callId;
        this.limits = limits;
        this.onDropped = onDropped;
    }

    /** Whether this subscriber takes the events of {@code eventCallId} (a null filter takes every call's). */
    boolean wants(String eventCallId) {
        return callId == null || callId.equals(eventCallId);
    }

    /** Any context; never blocks. Over the bound, the subscriber is dropped instead of queueing more. */
    void offer(String text) {
        if (dropped.get()) return;
        if (waitingChars.addAndGet(text.length()) > limits.maxBehindChars()) {
            drop(EventsSocket.DropReason.BEHIND);
            return;
        }
        outbox.add(text);
        if (drainScheduled.compareAndSet(false, true)) context.runOnContext(v -> drain());
    }

    /** The socket's connection has closed, whoever closed it. On the socket's context. */
    void connectionClosed() {
        connectionClosed = true;
        dropped.set(true); // nothing more to queue
        outbox.clear();
        cancelStallTimer();
    }

    /**
     * Any context: what is queued goes out, then a 1001 close (the gateway is stopping), and a
     * reset after the grace if that is not read.
     */
    void goingAway() {
        if (!dropped.compareAndSet(false, true)) return;
        context.runOnContext(v -> {
            String text;
            while (!connectionClosed && (text = outbox.poll()) != null) ws.writeTextMessage(text);
            close((short) 1001, "the gateway is stopping");
        });
    }

    /** On the socket's context: writes while little is in flight; each completed write makes room for more. */
    private void drain() {
        drainScheduled.set(false); // before polling: an offer from now on schedules another drain
        if (dropped.get() || ws.isClosed()) return;
        String text;
        while (inFlightChars < EventsSocket.IN_FLIGHT_CHARS && (text = outbox.poll()) != null) {
            int chars = text.length();
            waitingChars.addAndGet(-chars);
            if (inFlightChars == 0) lastProgressNanos = System.nanoTime();
            inFlightChars += chars;
            ws.writeTextMessage(text).onComplete(done -> written(chars));
        }
        if (inFlightChars > 0 && stallTimer < 0) armStallTimer(limits.maxStall().toMillis());
    }

    /**
     * A write reached the kernel (or failed with the connection): room for more. The next drain
     * is a task of its own: a write on a closed socket completes at once, and draining from here
     * would recurse once per waiting event.
     */
    private void written(int chars) {
        inFlightChars -= chars;
        lastProgressNanos = System.nanoTime();
        if (!outbox.isEmpty() && !dropped.get() && drainScheduled.compareAndSet(false, true)) context.runOnContext(v -> drain());
    }

    /** Fires {@code maxStall} after the last progress: a socket whose writes do not complete is not being read. */
    private void armStallTimer(long delayMs) {
        stallTimer = context.owner().setTimer(Math.max(1, delayMs), id -> {
            stallTimer = -1;
            if (inFlightChars <= 0 || dropped.get()) return;
            long stalledMs = (System.nanoTime() - lastProgressNanos) / 1_000_000;
            if (stalledMs >= limits.maxStall().toMillis()) drop(EventsSocket.DropReason.STALLED);
            else armStallTimer(limits.maxStall().toMillis() - stalledMs);
        });
    }

    private void cancelStallTimer() {
        if (stallTimer >= 0) {
            context.owner().cancelTimer(stallTimer);
            stallTimer = -1;
        }
    }

    /** Any context, once: stop queueing, say why, and close on the socket's context. */
    private void drop(EventsSocket.DropReason reason) {
        if (!dropped.compareAndSet(false, true)) return;
        onDropped.dropped(this, reason);
        context.runOnContext(v -> close((short) 1013, reason.closeReason()));
    }

    /**
     * A close frame first, as a client that reads again deserves to learn why; but it waits behind
     * everything the client has not read, so the connection is reset if it is still open after
     * the grace. A reset frees the kernel's buffers at once, which a plain close would keep until
     * the peer read them or TCP gave up.
     */
    private void close(short status, String reason) {
        outbox.clear();
        waitingChars.set(0);
        cancelStallTimer();
        if (connectionClosed) return;
        ws.close(status, reason);
        if (channel == null) return;
        context.owner().setTimer(limits.closeGrace().toMillis(), id -> {
            if (connectionClosed || !channel.isOpen()) return;
            channel.config().setOption(ChannelOption.SO_LINGER, 0); // close with a reset
            // Closed from the first handler down: Vert.x's own close, higher up the pipeline,
            // would wait for the unread data (and the close frame) to be flushed first.
            channel.pipeline().firstContext().close();
        });
    }
}
