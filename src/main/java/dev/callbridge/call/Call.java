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
    /** An interpreted call's party B until they are on the line; unused by other calls. */
    private final SecondPartyDial secondParty;
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
    private volatile boolean ended; // read by the registry off the context

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
        this.secondParty = new SecondPartyDial(this, partyDialer, remoteHangup);
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
        return secondParty.claimMedia();
    }

    /** Whether {@code providerCallId} is this interpreted call's second party's, as dialled. */
    public boolean isPartyCallId(String providerCallId) {
        return secondParty.isCallId(providerCallId);
    }

    /** For {@link CallRegistry}: the dial of the second party returned their provider id. From any thread. */
    void partyDialled(String providerCallId) {
        secondParty.dialReturned(providerCallId);
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
        secondParty.awaitMedia(timeout);
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
        if (record.interpreter() != null && secondParty.isCallId(providerCallId)) {
            secondParty.progress(next, providerCallId, null);
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
     * B's own progress, from their provider (see {@link SecondPartyDial#progress}). On the call's context.
     */
    public void partyProgress(CallStatus next, String providerCallId) {
        secondParty.progress(next, providerCallId, null);
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
            if (ended || !secondParty.awaited()) {
                bound.hangup(EndReason.of("call-already-ended", ended ? record.endReason() : "no second party was expected"));
                return;
            }
            legs.add(bound);
            // B's recording, on the call's timeline, before B's first frame is heard.
            if (tap != null && partyTap == null) {
                partyTap = tap.party(bound.format());
                if (partyTap != null) bound.tapPlayout(partyTap);
            }
            bound.listen(new LegEvents(bound, Interpretation.Side.B));
            secondParty.joined(bound, providerCallId);
        });
    }

    /** For {@link SecondPartyDial}: B's part of the record changed; published unless {@code quietly}. */
    void interpreterChanged(Interpretation next, boolean publish) {
        record = record.withInterpreter(next);
        if (publish) events.publish(new CallEvent.StatusChanged(record, clock.instant()));
    }

    /** The call's event-loop context (it moves once, at attach). */
    Context context() {
        return context;
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
        heldForAgent.clear();
        secondParty.callEnding();
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
            return secondParty.dial();
        }
    }
}
