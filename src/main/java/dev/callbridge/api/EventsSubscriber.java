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
 * messages, whatever their size, which cut healthy readers off in a burst. The outbox is bounded
 * by what it holds ({@link EventsSocket.Limits#maxBehindChars}) and by time: a socket that has
 * taken nothing for {@link EventsSocket.Limits#maxStall} is dropped too.
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
    private long stallTimer = -1;

    /** Told once, on the context that noticed, when a subscriber is cut off. */
    interface Dropped {
        void dropped(EventsSubscriber subscriber, EventsSocket.DropReason reason);
    }

    /** Must be built on the socket's context. */
    EventsSubscriber(ServerWebSocket ws, Channel channel, Context context, String callId, EventsSocket.Limits limits,
                     Dropped onDropped) {
        this.ws = ws;
        this.channel = channel;
        this.context = context;
        this.callId = callId;
        this.limits = limits;
        this.onDropped = onDropped;
        // Little for Netty to hold, so what is behind waits here, where it is counted.
        ws.setWriteQueueMaxSize(EventsSocket.SOCKET_BUFFER_BYTES);
        ws.drainHandler(v -> {
            cancelStallTimer();
            drain();
        });
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

    /** The socket's connection has closed, whoever closed it. */
    void connectionClosed() {
        connectionClosed = true;
        dropped.set(true); // nothing more to queue
        outbox.clear();
        cancelStallTimer();
    }

    /** On the socket's context: writes while the socket takes more, then waits for its drain handler. */
    private void drain() {
        drainScheduled.set(false); // before polling: an offer from now on schedules another drain
        if (dropped.get()) return;
        String text;
        while (!ws.writeQueueFull() && (text = outbox.poll()) != null) {
            waitingChars.addAndGet(-text.length());
            ws.writeTextMessage(text);
        }
        if (ws.writeQueueFull() && stallTimer < 0) {
            stallTimer = context.owner().setTimer(limits.maxStall().toMillis(), id -> {
                stallTimer = -1;
                drop(EventsSocket.DropReason.STALLED);
            });
        }
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
        context.runOnContext(v -> closeBehindUnreadEvents(reason));
    }

    /**
     * A close frame first, as a client that reads again deserves to learn why; but it waits behind
     * everything the client has not read, so the connection is reset if it is still open after
     * the grace. A reset frees the kernel's buffers at once, which a plain close would keep until
     * the peer read them or TCP gave up.
     */
    private void closeBehindUnreadEvents(EventsSocket.DropReason reason) {
        outbox.clear();
        waitingChars.set(0);
        cancelStallTimer();
        if (connectionClosed) return;
        ws.close((short) 1013, reason.closeReason());
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
