package dev.callbridge.call;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An interpreted call's party B, as their {@link Call} sees them until they are on the line: dialled
 * once, their provider's progress kept on the record, the wait for their media, and the future the
 * agent holds, completed by their leg or failed with why they did not come ({@link PartyUnanswered}).
 * Owned by one call; on its context, except where a method says otherwise.
 */
final class SecondPartyDial {
    private final Call call;
    private final Call.PartyDialer dialer;
    private final Call.RemoteHangup remoteHangup;
    /** Set by the first media stream to claim B, from whichever event loop its socket is on. */
    private final AtomicBoolean mediaClaimed = new AtomicBoolean();
    /** Set once B is being dialled: only then may a stream claim their media. */
    private volatile boolean dialled;
    /**
     * B's provider id as soon as the dial returns it, before the record has it: the registry routes
     * B's status callbacks to the call from then on, and they must be known as B's.
     */
    private volatile String callId;
    /** Completed when B's leg joins; failed when B will not come. */
    private Promise<Leg> joining;
    /** Ends the wait for B's media once they answered; -1 when not armed. */
    private long mediaTimer = -1;

    SecondPartyDial(Call call, Call.PartyDialer dialer, Call.RemoteHangup remoteHangup) {
        this.call = call;
        this.dialer = dialer;
        this.remoteHangup = remoteHangup;
    }

    /** True once, and only once B is being dialled. From any thread. */
    boolean claimMedia() {
        return call.record().interpreter() != null && dialled && mediaClaimed.compareAndSet(false, true);
    }

    /** Whether {@code providerCallId} is B's, as dialled or as on the record. From any thread. */
    boolean isCallId(String providerCallId) {
        if (providerCallId == null) return false;
        Interpretation interpreter = call.record().interpreter();
        return providerCallId.equals(callId) || interpreter != null && providerCallId.equals(interpreter.b().providerCallId());
    }

    /** The dial returned B's provider id. From any thread. */
    void dialReturned(String providerCallId) {
        callId = providerCallId;
    }

    /** Whether B is being dialled and has not yet joined or been given up on. */
    boolean awaited() {
        return joining != null && !joining.future().isComplete();
    }

    Future<Leg> dial() {
        if (call.record().interpreter() == null) {
            return Future.failedFuture(new IllegalStateException("call " + call.id() + " is not interpreted"));
        }
        if (joining != null) return Future.failedFuture(new IllegalStateException("the second party is already dialled"));
        if (call.isEnded()) return Future.failedFuture(new PartyUnanswered(CallStatus.CANCELED, "the call has ended"));
        joining = Promise.promise();
        dialled = true;
        Future<Leg> joined = joining.future();
        dialer.dial(call).onComplete(ar -> call.execute(() -> {
            if (ar.succeeded() && call.isEnded()) {
                // The call ended while B's dial was on its way: B must not be left ringing.
                callId = ar.result();
                Interpretation interpreter = call.record().interpreter();
                call.interpreterChanged(interpreter.withB(interpreter.b().withProgress(CallStatus.CANCELED, ar.result())), false);
                remoteHangup.hangup(asRecord());
            } else if (ar.succeeded()) {
                progress(CallStatus.QUEUED, ar.result(), null);
            } else {
                progress(CallStatus.FAILED, null, ar.cause().getMessage());
            }
        }));
        return joined;
    }

    /**
     * B answered and their provider was told to connect their media: if it has not joined within
     * {@code timeout}, they are hung up and the dial fails ({@code failed}). Armed once.
     */
    void awaitMedia(Duration timeout) {
        if (call.isEnded() || !awaited() || mediaTimer >= 0) return;
        mediaTimer = call.context().owner().setTimer(timeout.toMillis(), id -> call.execute(() -> {
            mediaTimer = -1;
            if (call.isEnded() || !awaited()) return;
            remoteHangup.hangup(asRecord());
            progress(CallStatus.FAILED, null, "answered, but their media did not start within " + timeout.toMillis() + " ms");
        }));
    }

    /**
     * B's own progress: their part of the record moves on; a final status before their leg joined
     * means they will not come, which the agent hears.
     */
    void progress(CallStatus next, String providerCallId, String detail) {
        Interpretation interpreter = call.record().interpreter();
        if (call.isEnded() || interpreter == null) return;
        Interpretation.Party b = interpreter.b();
        boolean moves = b.status() == null || b.status().canMoveTo(next);
        boolean newId = providerCallId != null && !providerCallId.equals(b.providerCallId());
        // A repeat, or a status that came late (Twilio's callbacks may overtake each other): nothing to record.
        if (!moves && !newId) return;
        call.interpreterChanged(interpreter.withB(b.withProgress(moves ? next : b.status(), providerCallId)), true);
        if (moves && next.isTerminal() && awaited()) {
            cancelMediaTimer();
            joining.tryFail(new PartyUnanswered(next, detail));
        }
    }

    /** B's leg has joined the call: the agent's future completes with it. */
    void joined(Leg leg, String providerCallId) {
        cancelMediaTimer();
        progress(CallStatus.IN_PROGRESS, providerCallId, null);
        joining.tryComplete(leg);
    }

    /** The call is ending with B not on the line: the agent hears so, and B is ended at their provider. */
    void callEnding() {
        cancelMediaTimer();
        if (!awaited()) return;
        joining.tryFail(new PartyUnanswered(CallStatus.CANCELED, "the call ended first"));
        // B may still be ringing, or answered with media not yet here. (A dial still on its way is hung up when it returns.)
        Interpretation.Party b = call.record().interpreter().b();
        if (b.providerCallId() == null) return;
        remoteHangup.hangup(asRecord());
        if (b.status() == null || !b.status().isTerminal()) {
            call.interpreterChanged(call.record().interpreter().withB(b.withProgress(CallStatus.CANCELED, null)), false);
        }
    }

    private void cancelMediaTimer() {
        if (mediaTimer < 0) return;
        call.context().owner().cancelTimer(mediaTimer);
        mediaTimer = -1;
    }

    /** B, as a record of its own for hanging up at B's provider: only provider, id and status are meaningful. */
    private CallRecord asRecord() {
        CallRecord record = call.record();
        Interpretation.Party b = record.interpreter().b();
        return new CallRecord(record.id(), b.provider(), b.providerCallId(), Direction.OUTBOUND, b.from(), b.to(),
                b.status() == null ? CallStatus.QUEUED : b.status(), record.agent(), record.interpreter().languages().b(),
                record.createdAt(), null, null, null, null, Map.of());
    }
}
