package dev.callbridge.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.callbridge.call.CallJson;
import dev.callbridge.call.CallRecord;
import dev.callbridge.call.CallStats;
import dev.callbridge.call.Interpretation;
import dev.callbridge.call.CallStatus;
import dev.callbridge.call.Direction;
import dev.callbridge.call.FollowUp;
import dev.callbridge.call.Provider;
import dev.callbridge.call.Recording;
import dev.callbridge.call.TranscriptEntry;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;

/**
 * Columns ⇄ records for {@code calls} and {@code transcript_entries}. Enums are stored by their
 * wire names, so rows read the same as the JSON contract. Instants are kept to the microsecond
 * (both H2 and PostgreSQL store {@code TIMESTAMP(6) WITH TIME ZONE}); anything finer is truncated
 * here rather than left to each database's own rounding.
 */
final class CallRows {
    static final String CALL_COLUMNS = "id, provider, provider_call_id, direction, from_number, to_number, status, "
            + "agent, language, created_at, answered_at, ended_at, end_reason, duration_ms, metadata, stats, interpreter";
    /**
     * What reads return: the snapshot columns plus {@code recording} and {@code follow_up}, which only
     * {@code call.recording} and {@code call.followup} events write (and the outbox, as a call ends).
     */
    static final String CALL_READ_COLUMNS = CALL_COLUMNS + ", recording, follow_up";
    /** Every call column but {@code id}, as {@code col = ?}, in {@link #bindSnapshot} order. */
    static final String CALL_SNAPSHOT_ASSIGNMENTS = "provider = ?, provider_call_id = ?, direction = ?, "
            + "from_number = ?, to_number = ?, status = ?, agent = ?, language = ?, created_at = ?, "
            + "answered_at = ?, ended_at = ?, end_reason = ?, duration_ms = ?, metadata = ?, stats = ?, interpreter = ?";
    static final int CALL_SNAPSHOT_SIZE = 16;

    static final String ENTRY_COLUMNS = "call_id, seq, direction, speaker, kind, text, language, translation, "
            + "start_ms, end_ms, spoken_at, interrupted";
    static final int ENTRY_SIZE = 12;

    private static final TypeReference<Map<String, String>> METADATA = new TypeReference<>() {};

    private CallRows() {}

    /** Binds all call columns in {@link #CALL_COLUMNS} order from {@code first}; returns the next index. */
    static int bindCall(PreparedStatement ps, int first, CallRecord call) throws SQLException {
        ps.setString(first, call.id());
        return bindSnapshot(ps, first + 1, call);
    }

    /** Binds every column but {@code id}; returns the next index. */
    static int bindSnapshot(PreparedStatement ps, int first, CallRecord call) throws SQLException {
        int i = first;
        ps.setString(i++, call.provider().wireName());
        ps.setString(i++, call.providerCallId());
        ps.setString(i++, call.direction().wireName());
        ps.setString(i++, call.from());
        ps.setString(i++, call.to());
        ps.setString(i++, call.status().wireName());
        ps.setString(i++, call.agent());
        ps.setString(i++, call.language());
        setInstant(ps, i++, call.createdAt());
        setInstant(ps, i++, call.answeredAt());
        setInstant(ps, i++, call.endedAt());
        ps.setString(i++, call.endReason());
        setLong(ps, i++, call.durationMs());
        ps.setString(i++, CallJson.write(call.metadata()));
        ps.setString(i++, call.stats() == null ? null : CallJson.write(call.stats()));
        ps.setString(i++, call.interpreter() == null ? null : CallJson.write(call.interpreter()));
        return i;
    }

    static CallRecord readCall(ResultSet rs) throws SQLException {
        return new CallRecord(
                rs.getString("id"),
                Provider.fromWire(rs.getString("provider")),
                rs.getString("provider_call_id"),
                Direction.fromWire(rs.getString("direction")),
                rs.getString("from_number"),
                rs.getString("to_number"),
                CallStatus.fromWire(rs.getString("status")),
                rs.getString("agent"),
                rs.getString("language"),
                getInstant(rs, "created_at"),
                getInstant(rs, "answered_at"),
                getInstant(rs, "ended_at"),
                rs.getString("end_reason"),
                getLong(rs, "duration_ms"),
                readMetadata(rs.getString("metadata")),
                readJson(rs.getString("stats"), CallStats.class, "stats"),
                readJson(rs.getString("recording"), Recording.class, "recording"),
                readJson(rs.getString("interpreter"), Interpretation.class, "interpreter"),
                readJson(rs.getString("follow_up"), FollowUp.class, "follow_up"));
    }

    /** Binds all entry columns in {@link #ENTRY_COLUMNS} order from {@code first}; returns the next index. */
    static int bindEntry(PreparedStatement ps, int first, String callId, TranscriptEntry e) throws SQLException {
        int i = first;
        ps.setString(i++, callId);
        ps.setInt(i++, e.seq());
        ps.setString(i++, e.direction().wireName());
        ps.setString(i++, lower(e.speaker()));
        ps.setString(i++, lower(e.kind()));
        ps.setString(i++, e.text());
        ps.setString(i++, e.language());
        ps.setString(i++, e.translation());
        setLong(ps, i++, e.startMs());
        setLong(ps, i++, e.endMs());
        setInstant(ps, i++, e.timestamp());
        ps.setBoolean(i++, e.interrupted());
        return i;
    }

    static TranscriptEntry readEntry(ResultSet rs) throws SQLException {
        return new TranscriptEntry(
                rs.getInt("seq"),
                Direction.fromWire(rs.getString("direction")),
                TranscriptEntry.Speaker.valueOf(rs.getString("speaker").toUpperCase(Locale.ROOT)),
                TranscriptEntry.Kind.valueOf(rs.getString("kind").toUpperCase(Locale.ROOT)),
                rs.getString("text"),
                rs.getString("language"),
                rs.getString("translation"),
                getLong(rs, "start_ms"),
                getLong(rs, "end_ms"),
                getInstant(rs, "spoken_at"),
                rs.getBoolean("interrupted"));
    }

    static void setInstant(PreparedStatement ps, int i, Instant at) throws SQLException {
        if (at == null) {
            ps.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(i, at.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC));
        }
    }

    static Instant getInstant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    private static void setLong(PreparedStatement ps, int i, Long value) throws SQLException {
        if (value == null) ps.setNull(i, Types.BIGINT);
        else ps.setLong(i, value);
    }

    private static Long getLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** A JSON column as its record; null stays null. */
    private static <T> T readJson(String json, Class<T> type, String column) {
        if (json == null) return null;
        try {
            return CallJson.mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("unreadable " + column + " column: " + e.getOriginalMessage(), e);
        }
    }

    /** Sets one of the JSON columns only their own events write ({@code recording}, {@code follow_up}); null clears it. */
    static void writeJsonColumn(PreparedStatement update, String callId, Object value) throws SQLException {
        update.setString(1, value == null ? null : CallJson.write(value));
        update.setString(2, callId);
        update.executeUpdate();
    }

    private static Map<String, String> readMetadata(String json) {
        try {
            return CallJson.mapper().readValue(json, METADATA);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("unreadable metadata column: " + e.getOriginalMessage(), e);
        }
    }
}
