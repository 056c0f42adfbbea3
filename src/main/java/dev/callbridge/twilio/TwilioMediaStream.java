package dev.callbridge.twilio;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.audio.DtmfTones;
import dev.callbridge.call.EndReason;
import dev.callbridge.call.Leg;
import dev.callbridge.call.LegListener;
import dev.callbridge.call.PlayoutTap;
import java.util.ArrayDeque;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Queue;
import java.util.Set;
import io.vertx.core.Future;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One Media Streams connection as a {@link Leg}: the protocol's state machine, with no I/O of
 * its own (the {@link StreamTransport} does that) and no parsing (the codec did that).
 *
 * <p>Inbound audio is never dropped for being early: media before {@code start}, and audio
 * that arrives before the call has attached a listener, is held and replayed in order.
 * "Heard" is Twilio's mark echo; marks are named in sequence, so an echo acknowledges its
 * own tag and every earlier one. Marks echoed because of a {@code clear} are not "heard".
 */
public final class TwilioMediaStream implements Leg {
    private static final Logger log = LoggerFactory.getLogger(TwilioMediaStream.class);
    /** Media held before {@code start}: 5 s, the time a stream has to start. */
    static final int MAX_FRAMES_BEFORE_START = 250;
    /**
     * Events held while the call has not yet listened (it is moving to this stream's event loop):
     * 10 s of frames, far more than that move takes. Only a client sending faster than real time
     * fills it; beyond it audio is dropped and counted, never other events.
     */
    static final int MAX_HELD_FOR_LISTENER = 500;
    /** How long a graceful hang-up waits for queued audio to be heard, beyond its own length. */
    static final long HANGUP_GRACE_MS = 2000;
    public static final int CLOSE_NORMAL = 1000;
    public static final int CLOSE_POLICY = 1008;

    private enum State { AWAITING_START, STREAMING, CLOSED }

    private record PendingMark(String name, Object tag) {}

    private final StreamTransport transport;
    private final MediaStreamMetrics metrics;
    private final Consumer<TwilioMessage.Start> onStart;
    private final CallRedirect redirect;
    private String callSid;
    private EndReason transferredTo;
    private State state = State.AWAITING_START;
    private String streamSid;
    private String callId = "-";
    private LegListener listener;
    private final Queue<Consumer<LegListener>> heldForListener = new ArrayDeque<>();
    private final Queue<TwilioMessage.Media> heldBeforeStart = new ArrayDeque<>();
    private final Queue<PendingMark> marks = new ArrayDeque<>();
    private final Set<String> flushedMarks = new HashSet<>();
    private final EnumSet<MediaProtocolError> logged = EnumSet.noneOf(MediaProtocolError.class);
    private long markSeq;
    private long unmarkedBytes;
    private EndReason hangupPending;
    private Runnable cancelHangupTimer;
    private Runnable cancelStartTimer;
    /** Set only while the call is recorded; then the playout model says when what we sent was played. */
    private PlayoutTap playout;
    private TwilioPlayout playoutModel;

    /** Redirects the live call to new TwiML through Twilio's REST API; how transfers happen. */
    public interface CallRedirect {
        Future<Void> redirect(String callSid, String twiml);

        CallRedirect UNAVAILABLE = (sid, twiml) -> Future.failedFuture(
                "transfer needs Twilio REST credentials (TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN)");
    }

    TwilioMediaStream(StreamTransport transport, MediaStreamMetrics metrics, Consumer<TwilioMessage.Start> onStart,
                      long startTimeoutMs, CallRedirect redirect) {
        this.transport = transport;
        this.metrics = metrics;
        this.onStart = onStart;
        this.redirect = redirect;
        this.cancelStartTimer = transport.schedule(startTimeoutMs, () -> {
            if (state == State.AWAITING_START) {
                protocolError(MediaProtocolError.NO_START, "no start within " + startTimeoutMs + " ms");
                close(CLOSE_POLICY, "no start message within " + startTimeoutMs / 1000 + " s", null);
            }
        });
    }

    /** The call this stream belongs to, for logs; set once the call is known. */
    void callId(String id) {
        this.callId = id;
    }

    String streamSid() {
        return streamSid;
    }

    boolean isClosed() {
        return state == State.CLOSED;
    }

    // ---- inbound, from the transport ----

    void onMessage(TwilioMessage.FromTwilio message) {
        if (state == State.CLOSED) return;
        switch (message) {
            case TwilioMessage.Media m -> onMedia(m);
            case TwilioMessage.Start s -> onStartMessage(s);
            case TwilioMessage.Mark m -> onMark(m);
            case TwilioMessage.Dtmf d -> {
                if (checkStream(d.streamSid())) deliver(l -> l.onDtmf(d.digit()));
            }
            case TwilioMessage.Stop s -> {
                if (checkStream(s.streamSid())) {
                    close(CLOSE_NORMAL, "stop received", transferredTo != null ? transferredTo : EndReason.CALLER_HANGUP);
                }
            }
            case TwilioMessage.Connected c -> { /* informational; nothing to do */ }
        }
    }

    private void onMedia(TwilioMessage.Media m) {
        metrics.frameIn();
        acceptMedia(m);
    }

    private void acceptMedia(TwilioMessage.Media m) {
        if (state == State.AWAITING_START) {
            protocolError(MediaProtocolError.MEDIA_BEFORE_START, "media before start");
            if (heldBeforeStart.size() < MAX_FRAMES_BEFORE_START) heldBeforeStart.add(m);
            else metrics.frameDropped("before_start_overflow");
            return;
        }
        if (!checkStream(m.streamSid())) return;
        AudioChunk chunk = new AudioChunk(AudioFormat.PCMU_8K, m.payload());
        LegListener l = listener;
        if (l != null && heldForListener.isEmpty()) l.onAudio(chunk);
        else if (heldForListener.size() < MAX_HELD_FOR_LISTENER) heldForListener.add(x -> x.onAudio(chunk));
        else metrics.frameDropped("held_for_listener_overflow");
    }

    private void onStartMessage(TwilioMessage.Start s) {
        if (state != State.AWAITING_START) {
            protocolError(MediaProtocolError.DUPLICATE_START, "duplicate start for " + s.streamSid() + " ignored");
            return;
        }
        state = State.STREAMING;
        streamSid = s.streamSid();
        callSid = s.callSid();
        cancelStartTimer.run();
        onStart.accept(s);
        if (state != State.STREAMING) return; // the start handler refused the stream
        for (TwilioMessage.Media m; (m = heldBeforeStart.poll()) != null; ) {
            // Early media carried no usable stream sid; it belongs to the stream that started.
            acceptMedia(new TwilioMessage.Media(m.sequenceNumber(), streamSid, m.track(), m.chunk(), m.timestamp(), m.payload()));
        }
    }

    private void onMark(TwilioMessage.Mark m) {
        if (!checkStream(m.streamSid())) return;
        if (flushedMarks.remove(m.name())) return;
        if (marks.stream().noneMatch(p -> p.name().equals(m.name()))) return; // late or foreign: nothing to acknowledge
        for (PendingMark p; (p = marks.poll()) != null; ) {
            Object tag = p.tag();
            if (tag != null) deliver(l -> l.onHeard(tag));
            if (p.name().equals(m.name())) break;
        }
        if (hangupPending != null && marks.isEmpty()) close(CLOSE_NORMAL, "hangup", hangupPending);
    }

    /** The stream's sid must match; a message for another stream is counted and ignored. */
    private boolean checkStream(String sid) {
        if (state == State.AWAITING_START) {
            protocolError(MediaProtocolError.MEDIA_BEFORE_START, "message before start");
            return false;
        }
        if (sid != null && !sid.equals(streamSid)) {
            protocolError(MediaProtocolError.UNKNOWN_STREAM, "message for unknown stream " + sid);
            return false;
        }
        return true;
    }

    /** Counts a protocol error and logs it the first time this stream sees its kind. */
    void protocolError(MediaProtocolError kind, String detail) {
        metrics.protocolError(kind);
        if (logged.add(kind)) {
            try (var mdc = MDC.putCloseable("callId", callId)) {
                log.warn("call {} stream {}: {} ({})", callId, streamSid, kind.label(), detail);
            }
        }
    }

    /** The socket went away. */
    void onSocketClosed() {
        if (state == State.CLOSED) return;
        boolean started = state == State.STREAMING;
        state = State.CLOSED;
        cancelTimers();
        EndReason reason = hangupPending != null ? hangupPending : transferredTo != null ? transferredTo : EndReason.STREAM_CLOSED;
        if (started) deliver(l -> l.onEnded(reason));
    }

    private void deliver(Consumer<LegListener> event) {
        LegListener l = listener;
        if (l != null && heldForListener.isEmpty()) event.accept(l);
        else heldForListener.add(event);
    }

    // ---- Leg: outbound, from the call ----

    @Override
    public AudioFormat format() {
        return AudioFormat.PCMU_8K;
    }

    @Override
    public void listen(LegListener l) {
        this.listener = l;
        for (Consumer<LegListener> e; (e = heldForListener.poll()) != null; ) e.accept(l);
    }

    @Override
    public void play(AudioChunk chunk, Object tag) {
        if (!chunk.format().equals(AudioFormat.PCMU_8K)) {
            throw new IllegalArgumentException("a Twilio leg plays PCMU 8 kHz, not " + chunk.format());
        }
        if (state != State.STREAMING || hangupPending != null) return;
        if (chunk.data().length > 0) {
            if (!send(new TwilioMessage.OutMedia(streamSid, chunk.data()))) return;
            metrics.frameOut();
            unmarkedBytes += chunk.data().length;
            if (playout != null) played(chunk.data());
        }
        if (tag != null) sendMark(tag);
    }

    private void sendMark(Object tag) {
        String name = "m" + (++markSeq);
        marks.add(new PendingMark(name, tag));
        unmarkedBytes = 0;
        send(new TwilioMessage.OutMark(streamSid, name));
    }

    /**
     * Hands a message to the socket. The transport refuses it when the peer has stopped reading
     * (see {@link StreamTransport#send}); such a peer is cut off here, and the call ends saying so.
     */
    private boolean send(TwilioMessage message) {
        if (transport.send(message)) return true;
        metrics.peerCutOff("send_backlog");
        close(CLOSE_POLICY, "too slow: the gateway's messages are not being read",
                EndReason.failure("media-send-backlog", "the media socket stopped reading what the gateway sent"));
        return false;
    }

    @Override
    public void clear() {
        if (state != State.STREAMING) return;
        if (!send(new TwilioMessage.Clear(streamSid))) return;
        for (PendingMark p; (p = marks.poll()) != null; ) flushedMarks.add(p.name());
        unmarkedBytes = 0;
        if (playout != null) {
            long now = System.nanoTime();
            playoutModel.clear(now);
            playout.cut(now);
        }
    }

    @Override
    public void tapPlayout(PlayoutTap tap) {
        playout = tap;
        if (tap != null && playoutModel == null) playoutModel = new TwilioPlayout();
    }

    private void played(byte[] ulaw) {
        playout.played(ulaw, playoutModel.queue(ulaw.length, System.nanoTime()));
    }

    @Override
    public void sendDtmf(String digits) {
        if (state != State.STREAMING) return;
        // Media Streams has no DTMF message towards the caller; the tones go in-band.
        for (byte[] frame : DtmfTones.ulawFrames(digits)) {
            if (!send(new TwilioMessage.OutMedia(streamSid, frame))) return;
            metrics.frameOut();
            unmarkedBytes += frame.length;
            if (playout != null) played(frame);
        }
    }

    /** Twilio redirects the call to {@code <Dial>}; that ends this stream, and the call ends as transferred. */
    @Override
    public Future<Void> transfer(String destination) {
        if (state != State.STREAMING || callSid == null) return Future.failedFuture("the stream is not live");
        String twiml;
        try {
            twiml = TwiML.dial(destination);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e.getMessage());
        }
        return redirect.redirect(callSid, twiml).onSuccess(v -> transferredTo = EndReason.of("transferred", destination));
    }

    /** Closes the stream once what is queued has been heard (or after a grace period). */
    @Override
    public void hangup(EndReason reason) {
        if (state == State.CLOSED || hangupPending != null) return;
        if (state == State.AWAITING_START) {
            close(CLOSE_NORMAL, reason.code(), reason);
            return;
        }
        hangupPending = reason;
        if (marks.isEmpty() && unmarkedBytes == 0) {
            close(CLOSE_NORMAL, "hangup", reason);
            return;
        }
        long queuedMs = unmarkedBytes / 8 + marks.size() * 1000L;
        sendMark(null);
        cancelHangupTimer = transport.schedule(queuedMs + HANGUP_GRACE_MS, () -> close(CLOSE_NORMAL, "hangup", reason));
    }

    /** Closes the socket and reports the end once; {@code reason} null means no call was attached. */
    void close(int code, String wireReason, EndReason reason) {
        if (state == State.CLOSED) return;
        boolean started = state == State.STREAMING;
        state = State.CLOSED;
        cancelTimers();
        transport.close(code, wireReason);
        if (started && reason != null) deliver(l -> l.onEnded(reason));
    }

    private void cancelTimers() {
        cancelStartTimer.run();
        if (cancelHangupTimer != null) cancelHangupTimer.run();
    }
}
