package dev.callbridge.store;

import dev.callbridge.call.CallEvent;
import dev.callbridge.call.TranscriptEntry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Rows that must exist exactly when an event is stored (the webhook outbox): written by the store
 * writer inside the batch's own transaction, so a committed event always has them and an event
 * rolled back never does.
 */
public interface EventOutbox {
    EventOutbox NONE = (tx, event, eventId, transcripts) -> { };

    /**
     * Called once per event, the first time it is stored (re-applying a batch does not call it again).
     *
     * @param tx          the batch's connection, inside its transaction: never commit or close it
     * @param eventId     the event's stable id, the same however often its batch is written
     * @param transcripts reads a call's transcript as this transaction sees it, entries of this batch included
     */
    void append(Connection tx, CallEvent event, String eventId, Transcripts transcripts) throws SQLException;

    /** A call's transcript, read inside the batch's transaction. */
    @FunctionalInterface
    interface Transcripts {
        List<TranscriptEntry> of(String callId) throws SQLException;
    }
}
