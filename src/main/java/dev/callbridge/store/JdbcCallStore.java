package dev.callbridge.store;

import com.zaxxer.hikari.HikariDataSource;
import dev.callbridge.call.CallEvent;
import dev.callbridge.call.CallRecord;
import dev.callbridge.call.CallStore;
import dev.callbridge.call.Provider;
import dev.callbridge.call.TranscriptEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link CallStore} over JDBC, for embedded H2 and PostgreSQL alike (same SQL, same Flyway
 * migrations; see {@link Databases} to open one). Owns its pool and closes it. Every method blocks:
 * call it from the {@link StoreWriter}'s thread or a worker, never from an event loop.
 * Instants are stored to the microsecond (finer parts are truncated).
 */
public final class JdbcCallStore implements CallStore {
    public static final int MAX_PAGE = 500;

    /**
     * Words in a transcript entry, as PostgreSQL's text index ({@code db/postgresql}) has them: the
     * expression must be exactly the index's for the index to be used. 'simple' splits and lowercases
     * without stemming, so a call in any language is found by the words said in it.
     */
    static final String ENTRY_WORDS = "to_tsvector('simple', coalesce(t.text, '') || ' ' || coalesce(t.translation, ''))";

    private final HikariDataSource dataSource;
    private final boolean postgres;
    private final EventOutbox outbox;

    /** @param dataSource a migrated pool, as {@link Databases} returns; closed by {@link #close()} */
    public JdbcCallStore(HikariDataSource dataSource) {
        this(dataSource, EventOutbox.NONE);
    }

    /** @param outbox writes its rows in each batch's transaction, for each event stored the first time */
    public JdbcCallStore(HikariDataSource dataSource, EventOutbox outbox) {
        this.dataSource = dataSource;
        this.outbox = outbox;
        this.postgres = String.valueOf(dataSource.getJdbcUrl()).startsWith("jdbc:postgresql:");
    }

    /** Only on PostgreSQL, which has the text index; H2 would read every transcript for each page. */
    @Override
    public boolean searchesTranscripts() {
        return postgres;
    }

    @Override
    public void write(List<CallEvent> batch) {
        if (batch.isEmpty()) return;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (BatchWrite tx = new BatchWrite(c, outbox)) {
                for (CallEvent event : batch) tx.apply(event);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("writing " + batch.size() + " events (first for call "
                    + batch.getFirst().callId() + ") failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<CallRecord> find(String callId) {
        String sql = "SELECT " + CallRows.CALL_READ_COLUMNS + " FROM calls WHERE id = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, callId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(CallRows.readCall(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("reading call " + callId + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<CallRecord> findByProviderCallId(Provider provider, String providerCallId) {
        String sql = "SELECT " + CallRows.CALL_READ_COLUMNS + " FROM calls WHERE provider_call_id = ? AND provider = ?"
                + " ORDER BY created_at DESC, id DESC FETCH FIRST 1 ROWS ONLY";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, providerCallId);
            ps.setString(2, provider.wireName());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(CallRows.readCall(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("reading the call with provider id " + providerCallId + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Newest first by {@code (created_at, id)}; keyset paging, so a page never repeats or skips a
     * call when newer ones arrive meanwhile.
     *
     * @throws IllegalArgumentException when the limit is outside 1..{@value #MAX_PAGE} or the cursor is malformed
     */
    @Override
    public CallPage list(CallQuery query) {
        if (query.limit() < 1 || query.limit() > MAX_PAGE) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_PAGE + ", got " + query.limit());
        }
        if (query.words() != null && !postgres) {
            throw new UnsupportedOperationException("searching transcripts needs the PostgreSQL store; the embedded store has no text index");
        }
        Cursor after = query.cursor() == null ? null : CursorCodec.decode(query.cursor());
        StringBuilder sql = new StringBuilder("SELECT " + CallRows.CALL_READ_COLUMNS + " FROM calls WHERE 1 = 1");
        List<Binding> args = new ArrayList<>();
        if (query.status() != null) where(sql, args, " AND status = ?", query.status().wireName());
        if (query.provider() != null) where(sql, args, " AND provider = ?", query.provider().wireName());
        if (query.agent() != null) where(sql, args, " AND agent = ?", query.agent());
        if (query.since() != null) where(sql, args, " AND created_at >= ?", query.since());
        if (query.until() != null) where(sql, args, " AND created_at < ?", query.until());
        if (query.number() != null) {
            // Digits and a leading + only (the API checks), so nothing in it is a LIKE wildcard.
            String contains = "%" + query.number() + "%";
            where(sql, args, " AND (from_number LIKE ? OR to_number LIKE ?)", contains, contains);
        }
        if (query.words() != null) {
            where(sql, args, " AND EXISTS (SELECT 1 FROM transcript_entries t WHERE t.call_id = calls.id AND "
                    + ENTRY_WORDS + " @@ plainto_tsquery('simple', ?))", query.words());
        }
        if (after != null) {
            where(sql, args, " AND (created_at < ? OR (created_at = ? AND id < ?))", after.createdAt(), after.createdAt(), after.id());
        }
        // One row more than asked tells whether another page follows.
        sql.append(" ORDER BY created_at DESC, id DESC FETCH FIRST ? ROWS ONLY");
        args.add(new Binding(query.limit() + 1));
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) args.get(i).set(ps, i + 1);
            List<CallRecord> calls = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) calls.add(CallRows.readCall(rs));
            }
            if (calls.size() <= query.limit()) return new CallPage(List.copyOf(calls), null);
            CallRecord last = calls.get(query.limit() - 1);
            return new CallPage(List.copyOf(calls.subList(0, query.limit())),
                    CursorCodec.encode(new Cursor(last.createdAt(), last.id())));
        } catch (SQLException e) {
            throw new StoreException("listing calls failed: " + e.getMessage(), e);
        }
    }

    private static void where(StringBuilder sql, List<Binding> args, String condition, Object... values) {
        sql.append(condition);
        for (Object v : values) args.add(new Binding(v));
    }

    /** One value for a {@code ?} of {@link #list}: a string, an instant or a row count. */
    private record Binding(Object value) {
        void set(PreparedStatement ps, int index) throws SQLException {
            switch (value) {
                case String s -> ps.setString(index, s);
                case java.time.Instant t -> CallRows.setInstant(ps, index, t);
                case Integer n -> ps.setInt(index, n);
                default -> throw new IllegalStateException("no binding for " + value.getClass());
            }
        }
    }

    @Override
    public List<TranscriptEntry> transcript(String callId) {
        String sql = "SELECT " + CallRows.ENTRY_COLUMNS + " FROM transcript_entries WHERE call_id = ? ORDER BY seq";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, callId);
            List<TranscriptEntry> entries = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) entries.add(CallRows.readEntry(rs));
            }
            return List.copyOf(entries);
        } catch (SQLException e) {
            throw new StoreException("reading the transcript of call " + callId + " failed: " + e.getMessage(), e);
        }
    }

    /** Waits at most the pool's connection timeout (see {@link Databases}) for a connection. */
    @Override
    public boolean isUp() {
        if (dataSource.isClosed()) return false;
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
