package dev.callbridge.agent;

import dev.callbridge.call.CallRecord;
import dev.callbridge.call.CallStats;
import dev.callbridge.call.Direction;
import dev.callbridge.call.EndReason;
import dev.callbridge.call.Interpretation;
import dev.callbridge.call.Leg;
import dev.callbridge.call.TranscriptEntry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/** What a call gives its agent. All methods are for the call's context only. */
public interface CallContext {
    /** The call's record as of now. */
    CallRecord record();

    /** The phone parties: one for a normal call, two for an interpreter call. */
    List<Leg> legs();

    /** The call's event-loop context; results of blocking or remote work come back here. */
    Context context();

    /** Milliseconds since the call was answered, on the call's monotonic clock. */
    long elapsedMs();

    /** Appends a transcript entry (seq and timestamp are assigned) and publishes it. */
    TranscriptEntry transcribe(Direction direction, TranscriptEntry.Speaker speaker, TranscriptEntry.Kind kind,
                               String text, Long startMs, Long endMs, boolean interrupted);

    /** Records a key the caller pressed, as a DTMF transcript entry at this moment. */
    default TranscriptEntry callerPressed(char digit) {
        long at = elapsedMs();
        return transcribe(Direction.INBOUND, TranscriptEntry.Speaker.CALLER, TranscriptEntry.Kind.DTMF, String.valueOf(digit), at, at, false);
    }

    /**
     * An interpreted call's entry: what one party said ({@code text}, in {@code language}) and what the
     * other party heard of its interpretation ({@code translation}); {@code interrupted} when the listener
     * cut the interpretation short, and {@code translation} then holds only what they heard.
     */
    default TranscriptEntry interpreted(Interpretation.Side speaker, String language, String text, String translation,
                                        long startMs, long endMs, boolean interrupted) {
        throw new UnsupportedOperationException("this call is not interpreted");
    }

    /** Records a tool invocation in the events. */
    void toolInvoked(String name, Map<String, Object> arguments, Object result, long latencyMs);

    /** The agent's summary so far; the last one reported before the call ends goes on the final record. */
    void reportStats(CallStats stats);

    /** Reports a problem; the call goes on unless the agent also hangs up. */
    void error(String code, String message);

    /** Ends the whole call. */
    void hangup(EndReason reason);

    /**
     * Dials an interpreted call's second party ({@link CallRecord#interpreter()}), once. The future
     * completes, on the call's context, with their leg once they have answered and their media has
     * joined; it fails with {@link dev.callbridge.call.PartyUnanswered} when they are busy, do not
     * answer, cannot be dialled, or the call ends first.
     */
    default Future<Leg> dialSecondParty() {
        return Future.failedFuture(new UnsupportedOperationException("this call cannot dial a second party"));
    }
}
