package dev.callbridge.recording;

import dev.callbridge.audio.AudioFormat;
import dev.callbridge.call.CallAudioTap;
import dev.callbridge.call.CallEvent;
import dev.callbridge.call.CallRecord;
import dev.callbridge.call.Interpretation.Side;
import dev.callbridge.call.Recording;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every call's recording on one thread of its own, so that neither a slow nor a full disk
 * can ever hold up audio. Calls hand their audio over through one queue, bounded by the bytes of
 * audio it holds ({@link Settings#maxQueuedBytes}); an offer that would pass the bound is refused
 * at once, and that call's recording is marked incomplete ({@code queue-full}) and keeps its timing
 * (see {@link RecordingMixer}). Opening and closing a recording always get through: there are two
 * per call.
 *
 * <p>The thread wakes every {@link Settings#pollEvery} while any recording is open: it lays the
 * queued audio on each call's timeline, appends what is settled to the file, and rewrites each
 * file's header at least every {@link Settings#headerEvery}, so a killed process leaves a valid
 * WAV holding all but the last fraction of a second. When a call ends its file is completed, its
 * summary published as a {@code call.recording} event, and it is given its final name.
 *
 * <p>An interpreted call's second party gets a file of its own ({@link CallAudioTap#party}), laid
 * out like the call's and on the same timeline, so it starts with silence up to when B joined. It
 * ends with the call's: one {@code call.recording} event carries both summaries, and both files
 * get their final names after it.
 *
 * <p>As the {@link CallAudioTap.Opener} of every call, it decides which calls are recorded:
 * {@code RECORDING}, unless the call asked otherwise.
 */
public final class RecordingWriter implements CallAudioTap.Opener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RecordingWriter.class);

    /**
     * @param recordByDefault {@code RECORDING=on}: record calls that do not say
     * @param maxQueuedBytes  audio waiting for the writer, over all calls, beyond which offers are refused
     * @param pollEvery       how often the writer looks at the queue while recordings are open
     * @param headerEvery     the longest a file's header lags what the file holds
     */
    public record Settings(boolean recordByDefault, long maxQueuedBytes, Duration pollEvery, Duration headerEvery) {
        public static Settings defaults(boolean recordByDefault) {
            // 32 MiB: some 7 s of backlog at 300 recorded μ-law calls.
            return new Settings(recordByDefault, 32L << 20, Duration.ofMillis(50), Duration.ofMillis(250));
        }
    }

    /** What the calls tell the writer, in order per call. */
    private sealed interface Op {
        Session session();
    }

    private record Open(Session session) implements Op {}

    private record Received(Session session, byte[] audio, long atNanos, boolean afterLoss) implements Op {}

    private record Played(Session session, byte[] audio, long startNanos, long atNanos) implements Op {}

    private record Cut(Session session, long atNanos) implements Op {}

    private record Close(Session session, long endNanos) implements Op {}

    /**
     * A call's audio is laid down as its events arrive, so the writer's own lateness never decides
     * where a frame goes; with no events for this long (a silent line), time moves on without them.
     */
    private static final long QUIET_LINE_NANOS = 300_000_000L;
    /** The most leading silence a late-joining party's file is given in one piece, so a late join costs no large buffer. */
    private static final int SILENCE_PIECE_MILLIS = 10_000;

    private final RecordingFiles files;
    private final Settings settings;
    private final Consumer<CallEvent> publish;
    private final Clock clock;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Op> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private volatile boolean closing;
    // The writer thread's own.
    private final List<Session> open = new ArrayList<>();

    /** @param publish where {@code call.recording} events go (the call event bus); called on the writer thread */
    public RecordingWriter(RecordingFiles files, Settings settings, Consumer<CallEvent> publish, Clock clock) {
        this.files = files;
        this.settings = settings;
        this.publish = publish;
        this.clock = clock;
        this.thread = Thread.ofPlatform().name("recording-writer").daemon(true).unstarted(this::run);
    }

    public RecordingWriter start() {
        thread.start();
        return this;
    }

    /** Audio offers refused because the queue was full, since start. */
    public long refusedOffers() {
        return refused.get();
    }

    /** Bytes of audio waiting for the writer. */
    public long queuedBytes() {
        return queuedBytes.get();
    }

    @Override
    public CallAudioTap open(CallRecord call, Boolean requested, AudioFormat format, long startNanos) {
        boolean record = requested != null ? requested : settings.recordByDefault();
        if (!record || closing) return null;
        Session session = new Session(call.id(), Side.A, null, format, startNanos, startNanos);
        enqueueControl(new Open(session));
        return session;
    }

    /**
     * One party's recording as its call sees it: the tap. Its methods only copy and queue, on the
     * call's context ({@code played} and {@code cut} of party B on B's leg's context, which is
     * safe: they touch only the queue and {@code dropped}); everything else of it belongs to the
     * writer thread.
     */
    private final class Session implements CallAudioTap {
        final String callId;
        final Side party;
        /** Party A's session, for party B's; null for A's own. */
        final Session call;
        final AudioFormat format;
        /** The call timeline's t = 0, for either party. */
        final long startNanos;
        /** When this party joined: t = 0 for A, later for B. */
        final long joinedNanos;
        // Call's context only.
        private boolean lostSinceLastOffer;
        private boolean partyOpened;
        /** Set when an offer was refused; read by the writer. */
        volatile boolean dropped;
        // Writer thread only.
        RecordingMixer mixer;
        RecordingFile file;
        long headerSyncedNanos;
        /** When the latest event the writer has applied happened; audio is settled up to a little before it. */
        long lastEventNanos;
        /** Party B's session, once opened (A's session only). */
        Session partyB;
        /** The file is closed and its summary made; it keeps its {@code .part} name until the call's summary is out. */
        Recording summary;

        Session(String callId, Side party, Session call, AudioFormat format, long startNanos, long joinedNanos) {
            this.callId = callId;
            this.party = party;
            this.call = call;
            this.format = format;
            this.startNanos = startNanos;
            this.joinedNanos = joinedNanos;
        }

        @Override
        public CallAudioTap party(AudioFormat partyFormat) {
            if (party != Side.A) throw new IllegalStateException("call " + callId + ": only the call's own tap opens a party's");
            if (partyOpened) throw new IllegalStateException("call " + callId + ": party b's recording is already open");
            if (closing) return null;
            partyOpened = true;
            Session b = new Session(callId, Side.B, this, partyFormat, startNanos, System.nanoTime());
            enqueueControl(new Open(b));
            return b;
        }

        @Override
        public void received(byte[] audio, long atNanos) {
            if (offerAudio(new Received(this, audio.clone(), atNanos, lostSinceLastOffer), audio.length)) {
                lostSinceLastOffer = false;
            } else {
                lostSinceLastOffer = true;
                dropped = true;
            }
        }

        @Override
        public void played(byte[] audio, long startNanos) {
            if (!offerAudio(new Played(this, audio.clone(), startNanos, System.nanoTime()), audio.length)) dropped = true;
        }

        @Override
        public void cut(long atNanos) {
            enqueueControl(new Cut(this, atNanos));
        }

        @Override
        public void close() {
            enqueueControl(new Close(this, System.nanoTime()));
        }
    }

    private boolean offerAudio(Op op, int bytes) {
        if (closing || queuedBytes.addAndGet(bytes) > settings.maxQueuedBytes()) {
            queuedBytes.addAndGet(-bytes);
            refused.incrementAndGet();
            return false;
        }
        queue.add(op);
        return true;
    }

    private void enqueueControl(Op op) {
        queue.add(op);
        LockSupport.unpark(thread); // rare (a few per call): wake an idle writer at once
    }

    // ---- the writer thread ----

    private void run() {
        long headerEvery = settings.headerEvery().toNanos();
        while (true) {
            boolean stop = closing; // read first: whatever was queued before close() began is then handled below
            for (Op op; (op = queue.poll()) != null; ) applyGuarded(op);
            long now = System.nanoTime();
            boolean caughtUp = queue.isEmpty(); // then nothing that happened before now is still to be applied
            for (Session s : open) {
                // Settled: up to the latest event applied, or, caught up and with none for a while (a silent line), to then.
                long settled = caughtUp ? Math.max(s.lastEventNanos, now - QUIET_LINE_NANOS) : s.lastEventNanos;
                s.file.append(s.mixer.drainUpTo(settled)); // drained even after a failure, which keeps the mixer small
                if (now - s.headerSyncedNanos >= headerEvery) {
                    s.file.syncHeader();
                    s.headerSyncedNanos = now;
                }
            }
            if (stop) break;
            if (open.isEmpty()) LockSupport.park(this); // woken by the next Open (or close)
            else LockSupport.parkNanos(this, settings.pollEvery().toNanos());
        }
        // Closing: calls still open (the gateway hangs them up first, so normally none) are finished as they are.
        for (Session s : List.copyOf(open)) finish(s, System.nanoTime());
    }

    /** A bug in one call's recording must not stop the others'. */
    private void applyGuarded(Op op) {
        try {
            apply(op);
        } catch (RuntimeException e) {
            log.error("recording of call {}: {} failed", op.session().callId, op.getClass().getSimpleName(), e);
        }
    }

    private void apply(Op op) {
        Session s = op.session();
        if (s.summary != null) {
            // Finished: B's leg, on a context of its own, may still report playout after the call ended.
            if (op instanceof Received r) queuedBytes.addAndGet(-r.audio().length);
            if (op instanceof Played p) queuedBytes.addAndGet(-p.audio().length);
            return;
        }
        switch (op) {
            case Open o -> open(s);
            case Received r -> {
                queuedBytes.addAndGet(-r.audio().length);
                s.mixer.received(r.audio(), r.atNanos(), r.afterLoss());
                s.lastEventNanos = Math.max(s.lastEventNanos, r.atNanos());
            }
            case Played p -> {
                queuedBytes.addAndGet(-p.audio().length);
                s.mixer.played(p.audio(), p.startNanos());
                s.lastEventNanos = Math.max(s.lastEventNanos, p.atNanos());
            }
            case Cut c -> s.mixer.cut(c.atNanos());
            case Close c -> finish(s, c.endNanos());
        }
    }

    private void open(Session s) {
        if (s.call != null && s.call.summary != null) {
            s.summary = Recording.incomplete(0, 0, Recording.WRITE_ERROR); // the call ended first: no file, and no ops will come
            return;
        }
        s.mixer = new RecordingMixer(s.format, s.startNanos);
        s.file = RecordingFile.create(files.partial(s.callId, s.party), s.format.sampleRate());
        s.headerSyncedNanos = System.nanoTime();
        s.lastEventNanos = s.joinedNanos;
        if (s.file.failure() != null) log.warn("recording of call {} (party {}) could not start: {}", s.callId, s.party.wireName(), s.file.failure());
        if (s.call != null) {
            s.call.partyB = s;
            // On the call's timeline: silence up to the join, written now, so B's first frames land where they arrived.
            for (byte[] pcm; (pcm = s.mixer.silenceUpTo(s.joinedNanos, SILENCE_PIECE_MILLIS)).length > 0; ) s.file.append(pcm);
        }
        open.add(s);
    }

    /**
     * Ends one party's file: the rest of its audio, its header, its summary. Party A's ends the
     * call's recording: B's too, then one {@code call.recording} event with both, then the final names.
     */
    private void finish(Session s, long endNanos) {
        if (s.summary != null) return;
        open.remove(s);
        RecordingFile file = s.file;
        if (file.failure() == null) file.append(s.mixer.finish(endNanos));
        file.close();
        String reason = file.failure() != null ? file.failure()
                : s.dropped || s.mixer.overflowed() ? Recording.QUEUE_FULL : null;
        s.summary = reason == null ? Recording.complete(file.durationMs(), file.fileBytes())
                : Recording.incomplete(file.durationMs(), file.fileBytes(), reason);
        if (reason != null) {
            log.warn("recording of call {} (party {}) is incomplete ({}): {} ms kept", s.callId, s.party.wireName(), reason, s.summary.durationMs());
        }
        if (s.call != null) return; // B's: named with the call's, below
        Session b = s.partyB;
        if (b != null) finish(b, endNanos);
        Recording summary = b == null ? s.summary : s.summary.withPartyB(b.summary);
        // Published before the renames: the finished files (which DELETE and retention act on) appear only after their summary.
        publish.accept(new CallEvent.RecordingChanged(s.callId, summary, clock.instant()));
        if (b != null) name(b);
        name(s);
    }

    private void name(Session s) {
        RecordingFile file = s.file;
        try {
            if (file.fileBytes() > 0) files.finish(file.path(), s.callId, s.party);
            else Files.deleteIfExists(file.path());
        } catch (IOException e) {
            log.warn("recording of call {} (party {}): could not give the file its final name: {}", s.callId, s.party.wireName(), e.toString());
        }
    }

    /** Finishes what is queued and open, then stops the thread; waits at most {@code timeout}. */
    public void close(Duration timeout) {
        closing = true;
        if (thread.getState() == Thread.State.NEW) thread.start();
        LockSupport.unpark(thread);
        try {
            if (!thread.join(timeout)) log.error("recording writer did not finish within {}; open recordings are repaired at the next start", timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
