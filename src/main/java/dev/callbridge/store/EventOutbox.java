package dev.callbridge.store;

import dev.callbridge.call.CallEvent;
import dev.callbridge.call.FollowUp;
import dev.callbridge.call.TranscriptEntry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Rows that must exist exactly when an event is stored (the webhook outbox, the follow-up after a
 * call): written by the store writer inside the batch's own transaction, so a committed event
 * always has them and an event rolled back never does.
 */
public interface EventOutbox {
    EventOutbox NONE = (tx, event, eventId, calls) -> { };

    /**
     * Called once per event, the first time it is stored (re-applying a batch does not call it again).
     *
     * @param tx      the batch's connection, inside its transaction: never commit or close it
     * @param eventId the event's stable id, the same however often its batch is written
     * @param calls   the calls as this transaction sees them, the batch's own writes included
     */
    void append(Connection tx, CallEvent event, String eventId, StoredCalls calls) throws SQLException;

    /** Each of these, in order, in the same transaction. */
    static EventOutbox all(List<EventOutbox> outboxes) {
        List<EventOutbox> each = List.copyOf(outboxes);
        if (each.isEmpty()) return NONE;
        if (each.size() == 1) return each.get(0);
        return (tx, event, eventId, calls) -> {
            for (EventOutbox o : each) o.append(tx, event, eventId, calls);
        };
    }

    /** What an outbox may read and write of the calls, inside the batch's transaction. */
    interface StoredCalls {
        List<TranscriptEntry> transcript(String callId) throws SQLException;

        /** Sets the call's {@code followUp}: the first status of the follow-up a call's end decides on. */
        void followUp(String callId, FollowUp followUp) throws SQLException;
    }
}
