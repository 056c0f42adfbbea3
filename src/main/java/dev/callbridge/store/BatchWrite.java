package dev.callbridge.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.callbridge.call.CallEvent;
import dev.callbridge.call.CallJson;
import dev.callbridge.call.CallRecord;
import dev.callbridge.call.FollowUp;
import dev.callbridge.call.TranscriptEntry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * One batch of events being applied inside one transaction, with its statements prepared once.
 * Every statement is idempotent, in SQL both H2 and PostgreSQL run unchanged: inserts are
 * {@code INSERT … SELECT … WHERE NOT EXISTS} on the row's key, and a snapshot never overwrites a
 * call whose {@link CallEvent.Ended} is already stored (nothing follows it), so re-applying a
 * batch, even after later ones, changes nothing.
 */
final class BatchWrite implements AutoCloseable {
    private static final String INSERT_CALL = "INSERT INTO calls (" + CallRows.CALL_COLUMNS + ") SELECT "
            + params(CallRows.CALL_SNAPSHOT_SIZE + 1) + " WHERE NOT EXISTS (SELECT 1 FROM calls WHERE id = ?)";
    private static final String UPDATE_CALL = "UPDATE calls SET " + CallRows.CALL_SNAPSHOT_ASSIGNMENTS
            + " WHERE id = ? AND ended_at IS NULL";
    private static final String INSERT_ENTRY = "INSERT INTO transcript_entries (" + CallRows.ENTRY_COLUMNS
            + ") SELECT " + params(CallRows.ENTRY_SIZE)
            + " WHERE NOT EXISTS (SELECT 1 FROM transcript_entries WHERE call_id = ? AND seq = ?)";
    private static final String UPDATE_RECORDING = "UPDATE calls SET recording = ? WHERE id = ?";
    private static final String UPDATE_FOLLOW_UP = "UPDATE calls SET follow_up = ? WHERE id = ?";
    private static final String INSERT_EVENT = "INSERT INTO call_events (call_id, type, at, data, digest)"
            + " SELECT ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM call_events WHERE call_id = ? AND digest = ?)";

    private final PreparedStatement insertCall;
    private final PreparedStatement updateCall;
    private final PreparedStatement insertEntry;
    private final PreparedStatement updateRecording;
    private final PreparedStatement updateFollowUp;
    private final PreparedStatement insertEvent;
    private final MessageDigest sha256;
    private final Connection connection;
    private final EventOutbox outbox;
    private PreparedStatement readTranscript;
    private final EventOutbox.StoredCalls storedCalls = new EventOutbox.StoredCalls() {
        @Override
        public List<TranscriptEntry> transcript(String callId) throws SQLException {
            return BatchWrite.this.transcript(callId);
        }

        @Override
        public void followUp(String callId, FollowUp followUp) throws SQLException {
            CallRows.writeJsonColumn(updateFollowUp, callId, followUp);
        }
    };

    BatchWrite(Connection connection) throws SQLException {
        this(connection, EventOutbox.NONE);
    }

    BatchWrite(Connection connection, EventOutbox outbox) throws SQLException {
        this.connection = connection;
        this.outbox = outbox;
        insertCall = connection.prepareStatement(INSERT_CALL);
        updateCall = connection.prepareStatement(UPDATE_CALL);
        insertEntry = connection.prepareStatement(INSERT_ENTRY);
        updateRecording = connection.prepareStatement(UPDATE_RECORDING);
        updateFollowUp = connection.prepareStatement(UPDATE_FOLLOW_UP);
        insertEvent = connection.prepareStatement(INSERT_EVENT);
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    void apply(CallEvent event) throws SQLException {
        switch (event) {
            case CallEvent.Created e -> insertCallIfAbsent(e.call());
            case CallEvent.StatusChanged e -> storeSnapshot(e.call());
            case CallEvent.Ended e -> storeSnapshot(e.call());
            case CallEvent.RecordingChanged e -> { } // its column is written below, once
            case CallEvent.FollowUpChanged e -> { } // the same
            case CallEvent.Transcript e -> insertEntryIfAbsent(e.callId(), e.entry());
            case CallEvent.Dtmf e -> { }
            case CallEvent.Tool e -> { }
            case CallEvent.Error e -> { }
        }
        String eventId = appendToEventLog(event);
        if (eventId == null) return;
        // Columns only their own events write (snapshots leave them alone), each change replacing the last
        // (a deletion after the finished file, sent after retrying): so only an event's first application
        // may write, which the log tells.
        if (event instanceof CallEvent.RecordingChanged e) CallRows.writeJsonColumn(updateRecording, e.callId(), e.recording());
        if (event instanceof CallEvent.FollowUpChanged e) CallRows.writeJsonColumn(updateFollowUp, e.callId(), e.followUp());
        outbox.append(connection, event, eventId, storedCalls);
    }

    /** Inside this transaction: entries applied earlier in this batch are there. */
    private List<TranscriptEntry> transcript(String callId) throws SQLException {
        if (readTranscript == null) {
            readTranscript = connection.prepareStatement("SELECT " + CallRows.ENTRY_COLUMNS
                    + " FROM transcript_entries WHERE call_id = ? ORDER BY seq");
        }
        readTranscript.setString(1, callId);
        List<TranscriptEntry> entries = new ArrayList<>();
        try (ResultSet rs = readTranscript.executeQuery()) {
            while (rs.next()) entries.add(CallRows.readEntry(rs));
        }
        return entries;
    }

    /** Update, or insert when the row is missing (a call first seen through a status change). */
    private void storeSnapshot(CallRecord call) throws SQLException {
        int next = CallRows.bindSnapshot(updateCall, 1, call);
        updateCall.setString(next, call.id());
        if (updateCall.executeUpdate() == 0) insertCallIfAbsent(call);
    }

    private void insertCallIfAbsent(CallRecord call) throws SQLException {
        int next = CallRows.bindCall(insertCall, 1, call);
        insertCall.setString(next, call.id());
        insertCall.executeUpdate();
    }

    /** First write of a {@code seq} wins: entries are immutable once written. */
    private void insertEntryIfAbsent(String callId, TranscriptEntry entry) throws SQLException {
        int next = CallRows.bindEntry(insertEntry, 1, callId, entry);
        insertEntry.setString(next++, callId);
        insertEntry.setInt(next, entry.seq());
        insertEntry.executeUpdate();
    }

    /**
     * Events carry no id, so the key is a digest of the whole event JSON (type, call, instant to
     * the nanosecond, data): two distinct events only collide if identical in every field.
     */
    /**
     * Returns the event's stable id ({@code evt_} and the first 128 bits of the digest) if the event
     * was not in the log yet, else null.
     */
    private String appendToEventLog(CallEvent event) throws SQLException {
        ObjectNode json = CallJson.event(event);
        String digest = HexFormat.of().formatHex(sha256.digest(CallJson.write(json).getBytes(StandardCharsets.UTF_8)));
        insertEvent.setString(1, event.callId());
        insertEvent.setString(2, event.type());
        CallRows.setInstant(insertEvent, 3, event.at());
        insertEvent.setString(4, CallJson.write(json.get("data")));
        insertEvent.setString(5, digest);
        insertEvent.setString(6, event.callId());
        insertEvent.setString(7, digest);
        return insertEvent.executeUpdate() == 1 ? "evt_" + digest.substring(0, 32) : null;
    }

    private static String params(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }

    @Override
    public void close() throws SQLException {
        try (insertCall; updateCall; insertEntry; updateRecording; updateFollowUp; insertEvent; PreparedStatement transcript = readTranscript) {
            // try-with-resources closes them all (a null one is skipped), keeping the first failure
        }
    }
}
