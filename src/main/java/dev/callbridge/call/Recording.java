package dev.callbridge.call;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A call's recording as its record shows it ({@code recording} in the call JSON). {@code bytes}
 * is the WAV file's size; {@code durationMs} the audio it holds. A recording that is not
 * {@code complete} says why in {@code incompleteReason}; one that was removed keeps what it was
 * and says when and by whom ({@code api} or {@code retention}). An interpreted call whose second
 * party joined has {@code partyB}: the same, for B's own file; absent for every other call.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Recording(long durationMs, long bytes, boolean complete, String incompleteReason, Instant deletedAt,
                        String deletedBy, Recording partyB) {

    /** Why a recording is incomplete; the wire names go in {@code incompleteReason}. */
    public static final String QUEUE_FULL = "queue-full";
    public static final String DISK_FULL = "disk-full";
    public static final String WRITE_ERROR = "write-error";
    /** The process stopped mid-call (a crash or kill -9); the file was repaired at the next start. */
    public static final String INTERRUPTED = "interrupted";

    public static Recording complete(long durationMs, long bytes) {
        return new Recording(durationMs, bytes, true, null, null, null, null);
    }

    public static Recording incomplete(long durationMs, long bytes, String reason) {
        return new Recording(durationMs, bytes, false, reason, null, null, null);
    }

    /** This (party A's) recording with party B's beside it. */
    public Recording withPartyB(Recording b) {
        return new Recording(durationMs, bytes, complete, incompleteReason, deletedAt, deletedBy, b);
    }

    /** Deleted, with party B's recording if there is one: the two go together. */
    public Recording deleted(Instant at, String by) {
        return new Recording(durationMs, bytes, complete, incompleteReason, at, by,
                partyB == null ? null : partyB.deleted(at, by));
    }

    public boolean isDeleted() {
        return deletedAt != null;
    }
}
