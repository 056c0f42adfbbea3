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

    private final HikariDataSource dataSource;

    /** @param dataSource a migrated pool, as {@link Databases} returns; closed by {@link #close()} */
    public JdbcCallStore(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void write(List<CallEvent> batch) {
        if (batch.isEmpty()) return;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (BatchWrite tx = new BatchWrite(c)) {
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
        Cursor after = query.cursor() == null ? null : CursorCodec.decode(query.cursor());
        StringBuilder sql = new StringBuilder("SELECT " + CallRows.CALL_READ_COLUMNS + " FROM calls WHERE 1 = 1");
        if (query.status() != null) sql.append(" AND status = ?");
        if (after != null) sql.append(" AND (created_at < ? OR (created_at = ? AND id < ?))");
        // One row more than asked tells whether another page follows.
        sql.append(" ORDER BY created_at DESC, id DESC FETCH FIRST ? ROWS ONLY");
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            if (query.status() != null) ps.setString(i++, query.status().wireName());
            if (after != null) {
                CallRows.setInstant(ps, i++, after.createdAt());
                CallRows.setInstant(ps, i++, after.createdAt());
                ps.setString(i++, after.id());
            }
            ps.setInt(i, query.limit() + 1);
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
