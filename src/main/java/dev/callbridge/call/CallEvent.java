package dev.callbridge.call;

import java.time.Instant;
import java.util.Map;

/**
 * Everything that happens to a call, as one sealed type. Events are published on the call's
 * context and consumed off the media path: by the store writer (in order per call), by
 * {@code /ws/events}, by metrics, and by webhooks.
 */
public sealed interface CallEvent {
    String callId();

    Instant at();

    /** The wire {@code type}: {@code call.created}, {@code transcript}… */
    String type();

    /** The call as it was just created. */
    record Created(CallRecord call, Instant at) implements CallEvent {
        public String callId() { return call.id(); }
        public String type() { return "call.created"; }
    }

    /** The record changed while the call goes on: status, provider id, language. */
    record StatusChanged(CallRecord call, Instant at) implements CallEvent {
        public String callId() { return call.id(); }
        public String type() { return "call.status"; }
    }

    /** The final record. Nothing follows it for this call. */
    record Ended(CallRecord call, Instant at) implements CallEvent {
        public String callId() { return call.id(); }
        public String type() { return "call.ended"; }
    }

    /**
     * The call's recording was finished, repaired after a crash, or deleted: the record's
     * {@code recording} is now this. Follows {@link Ended}, from off the call's context.
     */
    record RecordingChanged(String callId, Recording recording, Instant at) implements CallEvent {
        public String type() { return "call.recording"; }
    }

    /**
     * The follow-up after the call (a WhatsApp template) moved on: sent, retrying, failed. The
     * record's {@code followUp} is now this. Follows {@link Ended}, from the outbox's sender.
     */
    record FollowUpChanged(String callId, FollowUp followUp, Instant at) implements CallEvent {
        public String type() { return "call.followup"; }
    }

    record Transcript(String callId, TranscriptEntry entry, Instant at) implements CallEvent {
        public String type() { return "transcript"; }
    }

    record Dtmf(String callId, String digit, Instant at) implements CallEvent {
        public String type() { return "dtmf"; }
    }

    record Tool(String callId, String name, Map<String, Object> arguments, Object result, long latencyMs, Instant at)
            implements CallEvent {
        public String type() { return "tool"; }
    }

    /** Something went wrong that the operator should see; the call may or may not go on. */
    record Error(String callId, String code, String message, Instant at) implements CallEvent {
        public String type() { return "error"; }
    }
}
