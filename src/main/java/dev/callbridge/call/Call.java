package dev.callbridge.call;

import dev.callbridge.agent.Agent;
import dev.callbridge.agent.CallContext;
import dev.callbridge.audio.AudioChunk;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One call's life, top to bottom: created (queued or ringing) → a leg attaches and the call
 * is answered → the agent starts → audio flows between leg and agent → the call ends once,
 * for one reason, and its final record is published.
 *
 * <p>Threading: everything runs on the call's {@link Context}. A call is created on whatever
 * context took the webhook and moves once, in {@link #attach}, to the context of its media
 * connection, so the media path never hops threads. {@link #execute} is the only door in
 * from other threads; a task that finds the call has moved follows it.
 */
public final class Call {
    private static final Logger log = LoggerFactory.getLogger(Call.class);
    /**
     * What is held for an agent still starting: 10 s of 20 ms frames, as long as an agent may take
     * to connect. Only a leg delivering faster than real time outgrows it; beyond it deliveries
     * are dropped, and the call's record gets one {@code held-for-agent-overflow} error saying so.
     */
    static final int MAX_HELD_FOR_AGENT = 500;

    private final CallEventBus events;
    private final Clock clock;
    private final Consumer<Call> onEnded;
    private final RemoteHangup remoteHangup;
    private final CallAudioTap.Opener recorder;
    private final Boolean recordRequested;
    /** The per-call secret a media stream must present (see {@link #streamTokenMatches}); held here only, never stored or logged. */
    private final String streamToken;
    /** Set by the first media stream to claim the call, from whichever event loop its socket is on. */
    private final AtomicBoolean mediaClaimed = new AtomicBoolean();
    /** The same, for an interpreted call's second party. */
    private final AtomicBoolean partyMediaClaimed = new AtomicBoolean();
    /** Set once the second party is being dialled: only then may a stream claim their media. */
    private volatile boolean partyDialled;
    /**
     * B's provider id, known the moment their provider answers the dial and before the registry
     * routes B's sid here, so a status for B that overtakes the record's update is still B's.
     */
    private volatile String partyCallId;
    private final PartyDialer partyDialer;
    private volatile Context context;
    private volatile CallRecord record;

    // Owned by the call's context.
    private final List<Leg> legs = new ArrayList<>(1);
    private Agent agent;
    private boolean agentReady;
    private final Queue<Runnable> heldForAgent = new ArrayDeque<>();
    private long droppedForAgent;
    private long answeredNanos;
    private int transcriptSeq;
    /** The agent's latest summary; goes on the final record. */
    private CallStats agentStats;
    /** The recording's copy of the audio; null when the call is not recorded (the media path then only checks for null). */
    private CallAudioTap tap;
    /** The same for an interpreted call's second party, from when their leg joins; null otherwise. */
    private CallAudioTap partyTap;
    /** The timer that ends the call if its media does not start; -1 when none is armed. */
    private long mediaTimer = -1;
    /** The same for the second party's media once they answered: they are then given up on. */
    private long partyMediaTimer = -1;
    private volatile boolean ended; // read by the registry off the context
    /** Set while an interpreted call's second party is being dialled; completed when their leg joins. */
    private Promise<Leg> partyJoining;

    /** Ends a call at the provider when no media leg is there to hang up (e.g. still ringing). */
    public interface RemoteHangup {
        void hangup(CallRecord call);
    }

    /** Dials an interpreted call's second party (its {@link Interpretation#b()}); completes with B's provider id. */
    public interface PartyDialer {
        Future<String> dial(Call call);

        PartyDialer NONE = call -> Future.failedFuture(new IllegalStateException("no provider can dial a second party"));
    }

    /**
     * @param recordRequested the call's own {@code record} wish, or null for the server's default
     * @param streamToken     the secret its media stream must present
     */
    Call(CallRecord initial, Context context, CallEventBus events, Clock clock, RemoteHangup remoteHangup,
         Consumer<Call> onEnded, CallAudioTap.Opener recorder, Boolean recordRequested, String streamToken,
         PartyDialer partyDialer) {
        this.streamToken = streamToken;
        this.partyDialer = partyDialer;
        this.record = initial;
        this.context = context;
        this.events = events;
        this.clock = clock;
        this.remoteHangup = remoteHangup;
        this.onEnded = onEnded;
        this.recorder = recorder;
        this.recordRequested = recordRequested;
    }

    public String id() {
        return record.id();
    }

    /** The latest snapshot; safe from any thread. */
    public CallRecord record() {
        return record;
    }

    /** Runs {@code task} on the call's context, following the call if it moves meanwhile. */
    public void execute(Runnable task) {
        Context ctx = context;
        if (Vertx.currentContext() == ctx) {
            task.run();
        } else {
            ctx.runOnContext(v -> execute(task));
        }
    }

    /**
     * The secret that goes to the provider with the instruction to connect media (Twilio: a TwiML
     * {@code <Parameter>}), and comes back with the media stream. Only for writing that instruction.
     */
    public String streamToken() {
        return streamToken;
    }

    /** Whether {@code candidate} is this call's stream token; in constant time, so timing tells nothing of it. */
    public boolean streamTokenMatches(String candidate) {
        return candidate != null && MessageDigest.isEqual(streamToken.getBytes(StandardCharsets.UTF_8),
                candidate.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Claims the call for one media stream: true for the first caller only, from any thread. A call
     * takes exactly one stream; whoever comes second is refused, and the first is left alone.
     */
    public boolean claimMedia() {
        return mediaClaimed.compareAndSet(false, true);
    }

    /** {@link #claimMedia} for an interpreted call's second party: true once, and only once B is being dialled. */
    public boolean claimPartyMedia() {
        return record.interpreter() != null && partyDialled && partyMediaClaimed.compareAndSet(false, true);
    }

    /** Whether {@code providerCallId} is this interpreted call's second party's, as dialled. */
    public boolean isPartyCallId(String providerCallId) {
        return providerCallId != null && providerCallId.equals(partyCallId);
    }

    /** For {@link CallRegistry}: the dial of the second party returned their provider id. From any thread. */
    void partyDialled(String providerCallId) {
        partyCallId = providerCallId;
    }

    /**
     * The provider has just been told to connect media: if none has started within {@code timeout},
     * the call ends {@code failed} ({@link EndReason#NO_MEDIA}) and frees its slot. Armed once; on the
     * call's context. Nothing happens if media has already started.
     */
    public void awaitMedia(Duration timeout) {
        if (ended || mediaClaimed.get() || mediaTimer >= 0) return;
        mediaTimer = context.owner().setTimer(timeout.toMillis(), id -> execute(this::noMedia));
    }

    private void noMedia() {
        mediaTimer = -1;
        if (ended || mediaClaimed.get()) return;
        remoteHangup.hangup(record); // the provider may still hold the call open: end it there too
        end(CallStatus.FAILED, EndReason.NO_MEDIA);
    }

    private void cancelMediaTimer() {
        if (mediaTimer < 0) return;
        context.owner().cancelTimer(mediaTimer);
        mediaTimer = -1;
    }

    /**
     * The second party answered and their provider was told to connect their media: if it has not
     * joined within {@code timeout}, they are hung up and the dial fails ({@link PartyUnanswered},
     * {@code failed}), so the agent is not left waiting. On the call's context; armed once.
     */
    public void awaitPartyMedia(Duration timeout) {
        if (ended || partyJoining == null || partyJoining.future().isComplete() || partyMediaTimer >= 0) return;
        partyMediaTimer = context.owner().setTimer(timeout.toMillis(), id -> execute(() -> {
            partyMediaTimer = -1;
            if (ended || partyJoining.future().isComplete()) return;
            remoteHangup.hangup(partyRecord());
            partyProgress(CallStatus.FAILED, null, "answered, but their media did not start within " + timeout.toMillis() + " ms");
        }));
    }

    private void cancelPartyMediaTimer() {
        if (partyMediaTimer < 0) return;
        context.owner().cancelTimer(partyMediaTimer);
        partyMediaTimer = -1;
    }

    void published(CallEvent.Created created) {
        events.publish(created);
    }

    /**
     * Attaches the caller's leg and starts the agent. Must be called on the leg's context:
     * the call moves there first. Audio the leg delivers before the agent is ready is held,
     * in order, and handed over once it is.
     */
    public void attach(Leg leg, Agent newAgent, String providerCallId) {
        Context legContext = Vertx.currentContext();
        if (legContext == null) throw new IllegalStateException("attach must run on the leg's context");
        // t = 0 of the call timeline (transcript startMs, recording) is now, when the leg's media began,
        // not after the move below: audio the leg holds meanwhile then keeps its true place in time.
        long attachedNanos = System.nanoTime();
        Context old = context;
        if (old != legContext) {
            // Move on the old context so no task can run on both; then carry on here.
            old.runOnContext(v -> {
                context = legContext;
                legContext.runOnContext(w -> attachHere(leg, newAgent, providerCallId, attachedNanos));
            });
        } else {
            attachHere(leg, newAgent, providerCallId, attachedNanos);
        }
    }

    private void attachHere(Leg leg, Agent newAgent, String providerCallId, long attachedNanos) {
        cancelMediaTimer();
        if (ended) {
            leg.hangup(EndReason.of("call-already-ended", record.endReason()));
            return;
        }
        legs.add(leg);
        agent = newAgent;
        answeredNanos = attachedNanos;
        // The recording's t = 0 is the transcript's: answeredNanos. Tapped before the agent starts, so a greeting is on it.
        if (tap == null) {
            tap = recorder.open(record, recordRequested, leg.format(), answeredNanos);
            if (tap != null) leg.tapPlayout(tap);
        }
        if (providerCallId != null && record.providerCallId() == null) record = record.withProviderCallId(providerCallId);
        if (record.status() != CallStatus.IN_PROGRESS) {
            record = record.answered(clock.instant());
            events.publish(new CallEvent.StatusChanged(record, record.answeredAt()));
        }
        Promise<Void> ready = Promise.promise();
        try {
            agent.start(new AgentView()).onComplete(ready);
        } catch (RuntimeException e) {
            ready.fail(e);
        }
        ready.future().onComplete(ar -> {
            if (ended) return;
            if (ar.failed()) {
                try (var mdc = MDC.putCloseable("callId", id())) {
                    log.warn("call {}: agent {} failed to start: {}", id(), record.agent(), ar.cause().toString());
                }
                end(CallStatus.FAILED, EndReason.failure("agent-failed", ar.cause().getMessage()));
                return;
            }
            agentReady = true;
            for (Runnable r; (r = heldForAgent.poll()) != null; ) r.run();
        });
        // Last: what the leg has held (audio, DTMF, even its end) flows from here, to a started agent.
        leg.listen(new LegEvents(leg, Interpretation.Side.A));
    }

    /** A provider status callback moved the call on (ringing, answered, busy…). */
    public void providerStatus(CallStatus next, String providerCallId) {
        if (ended) return;
        Interpretation interpreter = record.interpreter();
        if (interpreter != null && (isPartyCallId(providerCallId) || providerCallId != null && providerCallId.equals(interpreter.b().providerCallId()))) {
            partyProgress(next, providerCallId);
            return;
        }
        if (providerCallId != null && !providerCallId.equals(record.providerCallId())) {
            record = record.withProviderCallId(providerCallId);
        }
        if (next.isTerminal()) {
            end(next, EndReason.of(next == CallStatus.COMPLETED ? "provider-completed" : next.wireName(), null));
        } else if (record.status().canMoveTo(next)) {
            record = next == CallStatus.IN_PROGRESS ? record.answered(clock.instant()) : record.withStatus(next);
            events.publish(new CallEvent.StatusChanged(record, clock.instant()));
        }
    }

    /**
     * Dials the interpreted call's second party; the future completes with their leg once they
     * answer and their media joins ({@link #attachParty}), or fails with {@link PartyUnanswered}.
     * On the call's context, once.
     */
    private Future<Leg> dialParty() {
        Interpretation interpreter = record.interpreter();
        if (interpreter == null) return Future.failedFuture(new IllegalStateException("call " + id() + " is not interpreted"));
        if (partyJoining != null) return Future.failedFuture(new IllegalStateException("the second party is already dialled"));
        if (ended) return Future.failedFuture(new PartyUnanswered(CallStatus.CANCELED, "the call has ended"));
        partyJoining = Promise.promise();
        partyDialled = true;
        Future<Leg> joined = partyJoining.future();
        partyDialer.dial(this).onComplete(ar -> execute(() -> {
            if (ar.succeeded() && ended) {
                // The call ended while B's dial was on its way: B must not be left ringing.
                partyCallId = ar.result();
                record = record.withInterpreter(record.interpreter().withB(record.interpreter().b().withProgress(CallStatus.CANCELED, ar.result())));
                remoteHangup.hangup(partyRecord());
            } else if (ar.succeeded()) {
                partyProgress(CallStatus.QUEUED, ar.result());
            } else {
                partyProgress(CallStatus.FAILED, null, ar.cause().getMessage());
            }
        }));
        return joined;
    }

    /**
     * B's own progress, from their provider: their record moves on; a final status before B's leg
     * joined means B will not come (busy, no-answer, failed), which the agent hears. On the call's context.
     */
    public void partyProgress(CallStatus next, String providerCallId) {
        partyProgress(next, providerCallId, null);
    }

    private void partyProgress(CallStatus next, String providerCallId, String detail) {
        Interpretation interpreter = record.interpreter();
        if (ended || interpreter == null) return;
        Interpretation.Party b = interpreter.b();
        boolean moves = b.status() == null || b.status().canMoveTo(next);
        boolean newId = providerCallId != null && !providerCallId.equals(b.providerCallId());
        // A repeat, or a status that came late (Twilio's callbacks may overtake each other): nothing to record.
        if (!moves && !newId) return;
        record = record.withInterpreter(interpreter.withB(b.withProgress(moves ? next : b.status(), providerCallId)));
        events.publish(new CallEvent.StatusChanged(record, clock.instant()));
        if (moves && next.isTerminal() && partyJoining != null && !partyJoining.future().isComplete()) {
            cancelPartyMediaTimer();
            failParty(new PartyUnanswered(next, detail));
        }
    }

    private void failParty(PartyUnanswered why) {
        if (partyJoining != null) partyJoining.tryFail(why);
    }

    /**
     * The second party's media has started: their leg joins the call. Called on the leg's context,
     * which may be another event loop than the call's: the leg is then bound to it (see
     * {@link ContextBoundLeg}). A party nobody is waiting for is hung up.
     */
    public void attachParty(Leg leg, String providerCallId) {
        Context legContext = Vertx.currentContext();
        if (legContext == null) throw new IllegalStateException("attachParty must run on the leg's context");
        Leg bound = legContext == context ? leg : new ContextBoundLeg(leg, legContext, this);
        execute(() -> {
            if (ended || partyJoining == null || partyJoining.future().isComplete()) {
                bound.hangup(EndReason.of("call-already-ended", ended ? record.endReason() : "no second party was expected"));
                return;
            }
            cancelPartyMediaTimer();
            legs.add(bound);
            // B's recording, on the call's timeline, before B's first frame is heard.
            if (tap != null && partyTap == null) {
                partyTap = tap.party(bound.format());
                if (partyTap != null) bound.tapPlayout(partyTap);
            }
            partyProgress(CallStatus.IN_PROGRESS, providerCallId);
            bound.listen(new LegEvents(bound, Interpretation.Side.B));
            partyJoining.complete(bound);
        });
    }

    /** B, as a record of its own for hanging up at B's provider: only provider, id and status are meaningful. */
    private CallRecord partyRecord() {
        Interpretation.Party b = record.interpreter().b();
        return new CallRecord(id(), b.provider(), b.providerCallId(), Direction.OUTBOUND, b.from(), b.to(),
                b.status() == null ? CallStatus.QUEUED : b.status(), record.agent(), record.interpreter().languages().b(),
                record.createdAt(), null, null, null, null, Map.of());
    }

    /**
     * Something the front door saw that belongs on the record, such as its control link dropping
     * mid-call: a system entry in the transcript. On the call's context.
     */
    public void note(String text) {
        if (ended) return;
        long at = answeredNanos == 0 ? 0 : elapsedMs();
        transcribe(Direction.INBOUND, TranscriptEntry.Speaker.SYSTEM, TranscriptEntry.Kind.EVENT, text, at, at, false);
    }

    private long elapsedMs() {
        return (System.nanoTime() - answeredNanos) / 1_000_000;
    }

    /** Appends a transcript entry (seq and timestamp assigned here) and publishes it. */
    private TranscriptEntry transcribe(Direction direction, TranscriptEntry.Speaker speaker, TranscriptEntry.Kind kind,
                                       String text, Long startMs, Long endMs, boolean interrupted) {
        Instant now = clock.instant();
        TranscriptEntry entry = new TranscriptEntry(++transcriptSeq, direction, speaker, kind, text,
                record.language(), null, startMs, endMs, now, interrupted);
        events.publish(new CallEvent.Transcript(id(), entry, now));
        return entry;
    }

    public void changeLanguage(String language) {
        changeLanguage(Interpretation.Side.A, language);
    }

    /** One party's language: for a plain call only A's (the record's) exists; an interpreted call has both. */
    public void changeLanguage(Interpretation.Side side, String language) {
        Interpretation interpreter = record.interpreter();
        if (interpreter != null) record = record.withInterpreter(interpreter.withLanguage(side, language));
        else if (side == Interpretation.Side.A) record = record.withLanguage(language);
        else throw new IllegalArgumentException("call " + id() + " has no party b");
        events.publish(new CallEvent.StatusChanged(record, clock.instant()));
        if (agent == null) return;
        if (side == Interpretation.Side.A) toAgent(() -> agent.onLanguage(language));
        toAgent(() -> agent.onLanguage(side, language));
    }

    /** Hang up from our side: through the media legs if there are any, else at the provider. */
    public void hangup(EndReason reason) {
        if (ended) return;
        if (legs.isEmpty()) {
            remoteHangup.hangup(record);
            endNow(reason);
            return;
        }
        for (Leg leg : List.copyOf(legs)) leg.hangup(reason);
    }

    /**
     * Ends the call on the record at once, as hung up from our side, without waiting for a leg to
     * play out what it has queued: for a process that is stopping.
     */
    public void endNow(EndReason reason) {
        end(record.status() == CallStatus.IN_PROGRESS ? CallStatus.COMPLETED : CallStatus.CANCELED, reason);
    }

    public boolean isEnded() {
        return ended;
    }

    /**
     * Ends the call exactly once: stops the agent, hangs up any leg still up, publishes the
     * final record. Later calls are ignored, so the first reason wins. The agent is stopped
     * before the record is built, so the stats it reports in {@code stop} are on it.
     */
    public void end(CallStatus finalStatus, EndReason reason) {
        if (ended) return;
        ended = true;
        if (!finalStatus.isTerminal()) throw new IllegalArgumentException("end with non-final status " + finalStatus);
        cancelMediaTimer();
        cancelPartyMediaTimer();
        heldForAgent.clear();
        if (partyJoining != null && !partyJoining.future().isComplete()) {
            failParty(new PartyUnanswered(CallStatus.CANCELED, "the call ended first"));
            // B may still be ringing, or answered with media not yet here: end them at their provider.
            // (A dial still on its way is hung up when it returns: see dialParty.)
            Interpretation.Party b = record.interpreter().b();
            if (b.providerCallId() != null) {
                remoteHangup.hangup(partyRecord());
                if (b.status() == null || !b.status().isTerminal()) {
                    record = record.withInterpreter(record.interpreter().withB(b.withProgress(CallStatus.CANCELED, null)));
                }
            }
        }
        if (agent != null) {
            try {
                agent.stop(reason);
            } catch (RuntimeException e) {
                try (var mdc = MDC.putCloseable("callId", id())) {
                    log.warn("call {}: agent stop failed", id(), e);
                }
            }
        }
        // A leg may report its end from inside hangup(), removing itself: iterate a copy.
        for (Leg leg : List.copyOf(legs)) leg.hangup(reason);
        Instant now = clock.instant();
        record = record.ended(finalStatus, now, reason).withStats(agentStats);
        try (var mdc = MDC.putCloseable("callId", id())) {
            log.info("call {} {} ({}) after {} ms", id(), finalStatus.wireName(), reason, record.durationMs());
        }
        events.publish(new CallEvent.Ended(record, now));
        // After Ended, so the recording's call.recording event can only follow the final record.
        if (partyTap != null) partyTap.close();
        if (tap != null) tap.close();
        onEnded.accept(this);
    }

    private void toAgent(Runnable delivery) {
        if (agentReady) {
            delivery.run();
        } else if (ended) {
            return;
        } else if (heldForAgent.size() < MAX_HELD_FOR_AGENT) {
            heldForAgent.add(delivery);
        } else if (droppedForAgent++ == 0) {
            events.publish(new CallEvent.Error(id(), "held-for-agent-overflow",
                    "more than " + MAX_HELD_FOR_AGENT + " frames arrived before the agent was ready; the rest were dropped", clock.instant()));
        }
    }

    /** What the leg reports, routed to the agent and the record. */
    private final class LegEvents implements LegListener {
        private final Leg leg;
        private final Interpretation.Side side;

        LegEvents(Leg leg, Interpretation.Side side) {
            this.leg = leg;
            this.side = side;
        }

        @Override
        public void onAudio(AudioChunk chunk) {
            CallAudioTap recorded = side == Interpretation.Side.A ? tap : partyTap;
            if (recorded != null) recorded.received(chunk.data(), System.nanoTime());
            if (agentReady) agent.onAudio(leg, chunk);
            else toAgent(() -> agent.onAudio(leg, chunk));
        }

        @Override
        public void onDtmf(char digit) {
            events.publish(new CallEvent.Dtmf(id(), String.valueOf(digit), clock.instant()));
            toAgent(() -> agent.onDtmf(leg, digit));
        }

        @Override
        public void onHeard(Object tag) {
            toAgent(() -> agent.onHeard(leg, tag));
        }

        @Override
        public void onEnded(EndReason reason) {
            legs.remove(leg);
            // Either party leaving ends the call for both; the record says which one left.
            EndReason why = side == Interpretation.Side.B && reason.code().equals(EndReason.CALLER_HANGUP.code())
                    ? EndReason.of("party-b-hangup", reason.detail()) : reason;
            end(why.failure() ? CallStatus.FAILED : CallStatus.COMPLETED, why);
        }
    }

    /** The call as its agent sees it. */
    private final class AgentView implements CallContext {
        @Override
        public CallRecord record() {
            return record;
        }

        @Override
        public List<Leg> legs() {
            return List.copyOf(legs);
        }

        @Override
        public Context context() {
            return context;
        }

        @Override
        public long elapsedMs() {
            return Call.this.elapsedMs();
        }

        @Override
        public TranscriptEntry transcribe(Direction direction, TranscriptEntry.Speaker speaker, TranscriptEntry.Kind kind,
                                          String text, Long startMs, Long endMs, boolean interrupted) {
            return Call.this.transcribe(direction, speaker, kind, text, startMs, endMs, interrupted);
        }

        @Override
        public TranscriptEntry interpreted(Interpretation.Side speaker, String language, String text, String translation,
                                           long startMs, long endMs, boolean interrupted) {
            Instant now = clock.instant();
            TranscriptEntry entry = new TranscriptEntry(++transcriptSeq, Direction.INBOUND,
                    speaker == Interpretation.Side.A ? TranscriptEntry.Speaker.A : TranscriptEntry.Speaker.B,
                    TranscriptEntry.Kind.SPEECH, text, language, translation, startMs, endMs, now, interrupted);
            events.publish(new CallEvent.Transcript(id(), entry, now));
            return entry;
        }

        @Override
        public void toolInvoked(String name, Map<String, Object> arguments, Object result, long latencyMs) {
            events.publish(new CallEvent.Tool(id(), name, arguments, result, latencyMs, clock.instant()));
        }

        @Override
        public void reportStats(CallStats stats) {
            agentStats = stats;
        }

        @Override
        public void error(String code, String message) {
            events.publish(new CallEvent.Error(id(), code, message, clock.instant()));
        }

        @Override
        public void hangup(EndReason reason) {
            Call.this.hangup(reason);
        }

        @Override
        public Future<Leg> dialSecondParty() {
            return dialParty();
        }
    }
}
