package dev.callbridge.rtp;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One UDP socket speaking RTP with Asterisk External Media for one call: the transport. It does
 * the I/O and the 20 ms clock; parsing and buffering belong to {@link RtpReceiver} (with
 * {@link RtpCodec}, {@link JitterBuffer} and {@link DtmfReceiver}), packetising to {@link RtpPacer}.
 *
 * <p>Symmetric RTP: we send from the socket we receive on, to the remote set by {@link #remote}
 * (Asterisk's {@code UNICASTRTP_LOCAL_ADDRESS:PORT}) or, if that was never called, to the source
 * of the first valid packet. Once the remote is known, datagrams from anywhere else are counted
 * and ignored. Audio played before the remote is known waits in the queue.
 *
 * <p>The clock: slot n is due at {@code t0 + n·20 ms} on {@link System#nanoTime}. A one-shot
 * Vert.x timer is set for the next slot's deadline, rounded up to whole milliseconds; when it
 * fires, every slot due by then is processed (a stalled loop catches up, at most
 * {@link #MAX_CATCH_UP_SLOTS} at once), so lateness never accumulates into drift. Each slot sends
 * at most one packet and plays one frame out of the jitter buffer. With nothing queued and
 * nothing arriving the timer is not re-armed; it restarts at the next grid slot when audio is
 * played or a packet arrives, so idle sessions cost nothing.
 *
 * <p>Early audio is held, never dropped: Asterisk sends RTP as soon as the External Media
 * channel exists, before our REST calls have returned and before the call has a leg to listen.
 * Frames and digits that come out before {@link #listen} are held (up to
 * {@link #MAX_HELD_FRAMES}, the oldest dropped and counted beyond it) and handed over in order
 * when a listener is set.
 *
 * <p>Threading: everything runs on the event loop of the context that opened the session.
 * The public methods may be called from any thread; off that loop they hop onto it, in order.
 * Listener callbacks and {@code onSent} run on the loop and must not block.
 */
public final class RtpSession {
    private static final Logger log = LoggerFactory.getLogger(RtpSession.class);
    /** Slots processed in one timer callback at most; a longer stall skips ahead (the remote's jitter buffer cannot absorb more). */
    static final int MAX_CATCH_UP_SLOTS = 10;
    private static final int MAX_BIND_ATTEMPTS = 20;
    /** Received audio held for a listener: 5 s, far longer than a call takes to set up. */
    static final int MAX_HELD_FRAMES = 250;
    private static final long NO_TIMER = -1;
    private static final long IN_TIMER = -2;

    /** What the remote sends us. Called on the session's event loop; must not block. */
    public interface Listener {
        /** 20 ms of the remote's audio in the leg's format (μ-law, or L16 little-endian), in order, gaps concealed. */
        void onAudio(byte[] frame);

        /** A key pressed at the far end (RFC 4733), once per press. */
        void onDtmf(char digit);
    }

    /** Told of each packet's audio as it is sent; for a recording. Runs on the session's loop; must not block. */
    public interface SentTap {
        /** {@code audio} (the leg's format, one 20 ms frame) left in the packet for the slot due at {@code dueNanos}. */
        void sent(byte[] audio, long dueNanos);
    }

    private static final Listener NO_LISTENER = new Listener() {
        public void onAudio(byte[] frame) {}
        public void onDtmf(char digit) {}
    };

    /** What arrived before there was a listener, in order: frames, and digits as {@link Character}s. */
    private final ArrayDeque<Object> heldForListener = new ArrayDeque<>();

    private final Vertx vertx;
    private final Context context;
    private final Thread loop;
    private final DatagramSocket socket;
    private final RtpPortPool ports;
    private final String host;
    private final int port;
    private final RtpFormat format;
    private final RtpMetrics metrics;
    private final FrameClock clock = new FrameClock(System.nanoTime());
    private final RtpPacer pacer;
    private final RtpReceiver receiver;
    private final OnceLog problems;
    private final List<Runnable> sent = new ArrayList<>();
    // Mutable state below: only on the loop thread.
    private RtpRemote remote;
    private Listener listener; // null until listen(): what arrives meanwhile is held
    private SentTap sentTap; // null unless the call is recorded
    private long nextSlot;
    private long timerId = NO_TIMER; // or IN_TIMER while slots are processed, so callbacks that play do not arm a second timer
    private Future<Void> closing;

    public static Future<RtpSession> open(Vertx vertx, RtpPortPool ports, String host, RtpFormat format, RtpMetrics metrics) {
        return open(vertx, ports, host, format, metrics, RtpSettings.DEFAULTS);
    }

    /**
     * Binds a socket to {@code host} on a port from {@code ports}, trying further ports if one is
     * taken by another process. The session lives on the caller's context, which must be an
     * event loop (called from outside Vert.x, it gets a fresh one). Fails with
     * {@link RtpPortsExhaustedException} when the pool is empty.
     */
    public static Future<RtpSession> open(Vertx vertx, RtpPortPool ports, String host, RtpFormat format, RtpMetrics metrics,
                                          RtpSettings settings) {
        Context context = vertx.getOrCreateContext();
        if (!context.isEventLoopContext()) {
            return Future.failedFuture(new IllegalStateException("an RTP session runs on an event loop; open it from the leg's event-loop context"));
        }
        Promise<RtpSession> opened = Promise.promise();
        context.runOnContext(v -> bind(vertx, ports, host, Math.min(MAX_BIND_ATTEMPTS, ports.capacity()))
                .map(bound -> new RtpSession(vertx, context, bound.socket, ports, host, bound.port, format, metrics, settings))
                .onComplete(opened));
        return opened.future();
    }

    private record Bound(DatagramSocket socket, int port) {}

    private static Future<Bound> bind(Vertx vertx, RtpPortPool ports, String host, int attemptsLeft) {
        int port;
        try {
            port = ports.acquire();
        } catch (RtpPortsExhaustedException e) {
            return Future.failedFuture(e);
        }
        DatagramSocket socket = vertx.createDatagramSocket(new DatagramSocketOptions());
        return socket.listen(port, host).map(s -> new Bound(s, port)).recover(err -> {
            ports.release(port); // round-robin: the next acquire offers another port
            socket.close();
            if (attemptsLeft > 1) return bind(vertx, ports, host, attemptsLeft - 1);
            return Future.failedFuture(new IllegalStateException("could not bind an RTP port on " + host + ", last tried " + port, err));
        });
    }

    private RtpSession(Vertx vertx, Context context, DatagramSocket socket, RtpPortPool ports, String host, int port,
                       RtpFormat format, RtpMetrics metrics, RtpSettings settings) {
        this.vertx = vertx;
        this.context = context;
        this.loop = Thread.currentThread();
        this.socket = socket;
        this.ports = ports;
        this.host = host;
        this.port = port;
        this.format = format;
        this.metrics = metrics;
        this.problems = new OnceLog(log, "rtp :" + port + " ");
        int sendAs = format.staticPayloadType() ? format.defaultPayloadType() : settings.slin16PayloadType();
        this.pacer = new RtpPacer(format, sendAs, ThreadLocalRandom.current(), settings.maxQueuedFrames());
        this.receiver = new RtpReceiver(format, settings, metrics, problems, this::deliverDigit, pt -> {
            pacer.payloadType(pt); // answer in the payload type Asterisk uses
            log.debug("rtp :{} learned payload type {} for {}", port, pt, format);
        });
        socket.handler(this::onDatagram);
        socket.exceptionHandler(e -> problems.warn("socket", "socket error: {}", e.toString()));
    }

    public int localPort() {
        return port;
    }

    public String localHost() {
        return host;
    }

    public RtpFormat format() {
        return format;
    }

    /** Where the remote receives (an IP address, as Asterisk reports it); from then on the only source accepted. */
    public void remote(String host, int port) {
        RtpRemote r = RtpRemote.of(host, port);
        onLoop(() -> {
            remote = r;
            ensureTicking();
        });
    }

    /**
     * Where audio and digits go. What arrived before the first listener is handed to it first, in
     * order; null drops from then on.
     */
    public void listen(Listener l) {
        onLoop(() -> {
            listener = l == null ? NO_LISTENER : l;
            for (Object held; (held = heldForListener.poll()) != null; ) {
                if (held instanceof byte[] frame) deliverFrame(frame);
                else deliverDigit((Character) held);
            }
        });
    }

    /**
     * Queues audio in the leg's format; {@code onSent} (may be null) runs once its last packet has
     * been sent. Audio played after {@link #close}, or beyond the queue limit, is dropped and its
     * {@code onSent} never runs.
     */
    public void play(byte[] audio, Runnable onSent) {
        if (audio.length % format.audioFormat().encoding().bytesPerSample() != 0) {
            throw new IllegalArgumentException(audio.length + " bytes of " + format + " split a sample");
        }
        onLoop(() -> {
            if (closing != null) return;
            if (pacer.play(audio, onSent)) {
                ensureTicking();
            } else {
                metrics.outboundDropped();
                problems.warn("queue-full", "send queue full ({} bytes): audio dropped", pacer.queuedBytes());
            }
        });
    }

    /** Reports every packet sent from now on to {@code tap} (null: stop). */
    public void tapSent(SentTap tap) {
        onLoop(() -> sentTap = tap);
    }

    /** Drops everything queued and not yet sent; the dropped audio's {@code onSent} never runs. */
    public void clear() {
        onLoop(pacer::clear);
    }

    /** Stops the clock, closes the socket and gives the port back. Idempotent. */
    public Future<Void> close() {
        if (Thread.currentThread() != loop) {
            Promise<Void> done = Promise.promise();
            context.runOnContext(v -> close().onComplete(done));
            return done.future();
        }
        if (closing != null) return closing;
        if (timerId >= 0) vertx.cancelTimer(timerId);
        timerId = NO_TIMER;
        pacer.clear();
        listener = NO_LISTENER;
        heldForListener.clear();
        closing = socket.close().andThen(ar -> ports.release(port));
        return closing;
    }

    // ---- inbound ----

    private void onDatagram(DatagramPacket datagram) {
        if (closing != null) return;
        if (remote != null && !remote.matches(datagram.sender())) {
            metrics.wrongSource();
            problems.warn("wrong-source", "datagram from {} ignored, the remote is {}", datagram.sender(), remote);
            return;
        }
        if (!receiver.accept(datagram.data().getBytes())) return;
        if (remote == null) {
            remote = RtpRemote.of(datagram.sender());
            log.debug("rtp :{} latched onto {}", port, remote);
        }
        ensureTicking();
    }

    // ---- the clock ----

    private boolean needsTicks() {
        return receiver.active() || (remote != null && !pacer.isEmpty());
    }

    private void ensureTicking() {
        if (timerId != NO_TIMER || closing != null || !needsTicks()) return;
        long now = System.nanoTime();
        nextSlot = Math.max(nextSlot, clock.firstSlotFrom(now));
        timerId = vertx.setTimer(clock.delayMillis(nextSlot, now), id -> onTimer());
    }

    private void onTimer() {
        timerId = IN_TIMER;
        long now = System.nanoTime();
        for (int done = 0; closing == null && clock.due(nextSlot) <= now; done++) {
            if (done == MAX_CATCH_UP_SLOTS) {
                long resume = clock.firstSlotFrom(now);
                problems.warn("stall", "event loop stalled: skipping {} slots of 20 ms", resume - nextSlot);
                nextSlot = resume;
                break;
            }
            tick(nextSlot++);
        }
        timerId = NO_TIMER;
        ensureTicking();
    }

    private void tick(long slot) {
        if (remote != null) {
            RtpPacket packet = pacer.next(slot, sent::add);
            if (packet != null) {
                send(packet, slot);
                if (sentTap != null) sentTap.sent(format.fromWire(packet.payload()), clock.due(slot));
            }
            for (int i = 0; i < sent.size(); i++) guarded(sent.get(i));
            sent.clear();
        }
        byte[] frame = receiver.tick();
        if (frame != null) deliverFrame(frame);
    }

    private void deliverFrame(byte[] frame) {
        if (listener != null) guarded(() -> listener.onAudio(frame));
        else hold(frame);
    }

    private void deliverDigit(char digit) {
        if (listener != null) guarded(() -> listener.onDtmf(digit));
        else hold(digit);
    }

    private void hold(Object frameOrDigit) {
        if (heldForListener.size() == MAX_HELD_FRAMES) {
            heldForListener.poll();
            metrics.overflow();
            problems.warn("held-overflow", "no listener after {} frames: the oldest held audio is dropped", MAX_HELD_FRAMES);
        }
        heldForListener.add(frameOrDigit);
    }

    private void send(RtpPacket packet, long slot) {
        metrics.pacingDeviation(System.nanoTime() - clock.due(slot));
        socket.send(Buffer.buffer(RtpCodec.encode(packet)), remote.port(), remote.host())
                .onFailure(e -> problems.warn("send", "RTP send to {} failed: {}", remote, e.toString()));
        metrics.packetOut();
    }

    // ---- plumbing ----

    private void onLoop(Runnable task) {
        if (Thread.currentThread() == loop) task.run();
        else context.runOnContext(v -> task.run());
    }

    /** A failing listener or callback must not stop the clock for the rest of the call. */
    private void guarded(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            problems.warn("callback", "listener or onSent callback failed: {}", e.toString());
            log.debug("rtp :{} callback failure", port, e);
        }
    }
}
