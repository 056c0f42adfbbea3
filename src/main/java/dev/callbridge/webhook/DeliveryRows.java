package dev.callbridge.webhook;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The {@code webhook_deliveries} table, read and updated by the worker and the API (the store
 * writer only inserts, through {@link WebhookOutbox}). Blocking: worker threads only. SQL that H2
 * and PostgreSQL both run unchanged.
 */
public final class DeliveryRows {
    public static final int MAX_PAGE = 500;
    private static final String COLUMNS = "id, event_id, type, call_id, subscription, body, status, attempts, last_error,"
            + " created_at, next_attempt_at, retry_until";
    private static final String OPEN = "('pending', 'failed')";
    /**
     * Due rows of one status that head their line: no earlier row of the same call and subscription
     * is still open. Read in next_attempt_at order from the (status, next_attempt_at) index and cut
     * off at the limit, each candidate checked by two seeks in the (status, call_id, subscription, id)
     * index (V8): the work follows the rows handed out, not the backlog. Pending and failed are asked
     * apart: with an IN on the index's first column the rows no longer come out in next_attempt_at order,
     * and every due row would be checked and sorted (EXPLAIN on H2 2.5 and PostgreSQL 15).
     */
    private static final String DUE_HEADS = "SELECT " + COLUMNS + " FROM webhook_deliveries d WHERE d.status = ?"
            + " AND d.next_attempt_at <= ?"
            + " AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e WHERE e.status = 'pending' AND e.call_id = d.call_id"
            + " AND e.subscription = d.subscription AND e.id < d.id)"
            + " AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e WHERE e.status = 'failed' AND e.call_id = d.call_id"
            + " AND e.subscription = d.subscription AND e.id < d.id)"
            + " ORDER BY d.status, d.next_attempt_at FETCH FIRST ? ROWS ONLY"; // status too, or H2 sorts instead of reading the index in order

    private static final String INSERT = "INSERT INTO webhook_deliveries (event_id, type, call_id, subscription, body, status,"
            + " attempts, created_at, next_attempt_at, retry_until) SELECT ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?"
            + " WHERE NOT EXISTS (SELECT 1 FROM webhook_deliveries WHERE event_id = ? AND subscription = ?)";

    private final DataSource dataSource;

    public DeliveryRows(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Writes one pending row, due now, inside the caller's transaction ({@code tx}: never committed
     * or closed here), unless the event already has a row for this receiver.
     *
     * @param line     what orders rows: a receiver gets a line's rows one at a time, in id order (a call's id)
     * @param receiver the receiver's key: a subscription's URL
     */
    public static void insert(Connection tx, String eventId, String type, String line, String receiver, String body,
                              Instant now, java.time.Duration retryFor) throws SQLException {
        try (PreparedStatement ps = tx.prepareStatement(INSERT)) {
            ps.setString(1, eventId);
            ps.setString(2, type);
            ps.setString(3, line);
            ps.setString(4, receiver);
            ps.setString(5, body);
            WebhookOutbox.setInstant(ps, 6, now);
            WebhookOutbox.setInstant(ps, 7, now);
            WebhookOutbox.setInstant(ps, 8, now.plus(retryFor));
            ps.setString(9, eventId);
            ps.setString(10, receiver);
            ps.executeUpdate();
        }
    }

    /** At most {@code limit} rows that may be sent now, each the head of its line, soonest due first. */
    public List<Delivery> due(Instant now, int limit) {
        List<Delivery> due = new ArrayList<>(dueHeads(Delivery.Status.FAILED, now, limit));
        due.addAll(dueHeads(Delivery.Status.PENDING, now, limit));
        due.sort(java.util.Comparator.comparing(Delivery::nextAttemptAt).thenComparing(Delivery::id));
        return due.size() <= limit ? due : due.subList(0, limit);
    }

    private List<Delivery> dueHeads(Delivery.Status status, Instant now, int limit) {
        return query(DUE_HEADS, ps -> {
            ps.setString(1, status.wireName());
            WebhookOutbox.setInstant(ps, 2, now);
            ps.setInt(3, limit);
        });
    }

    void delivered(long id, int attempts) {
        update("UPDATE webhook_deliveries SET status = 'delivered', attempts = ?, last_error = NULL, delivered_at = ? WHERE id = ?",
                ps -> {
                    ps.setInt(1, attempts);
                    WebhookOutbox.setInstant(ps, 2, Instant.now());
                    ps.setLong(3, id);
                });
    }

    void failed(long id, int attempts, String error, Instant nextAttempt) {
        update("UPDATE webhook_deliveries SET status = 'failed', attempts = ?, last_error = ?, next_attempt_at = ? WHERE id = ?",
                ps -> {
                    ps.setInt(1, attempts);
                    ps.setString(2, error);
                    WebhookOutbox.setInstant(ps, 3, nextAttempt);
                    ps.setLong(4, id);
                });
    }

    void dead(long id, int attempts, String error) {
        update("UPDATE webhook_deliveries SET status = 'dead', attempts = ?, last_error = ? WHERE id = ?", ps -> {
            ps.setInt(1, attempts);
            ps.setString(2, error);
            ps.setLong(3, id);
        });
    }

    /**
     * Sends a row again from now, with a fresh retry window: any status, a delivered one too (the
     * receiver deduplicates on the event id). Attempts keep counting.
     *
     * @return false when there is no such row
     */
    public boolean retry(long id, Instant now, java.time.Duration retryFor) {
        return update("UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = ?, retry_until = ? WHERE id = ?", ps -> {
            WebhookOutbox.setInstant(ps, 1, now);
            WebhookOutbox.setInstant(ps, 2, now.plus(retryFor));
            ps.setLong(3, id);
        }) == 1;
    }

    /** Newest first; either filter may be null. */
    public List<Delivery> list(Delivery.Status status, String callId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM webhook_deliveries WHERE 1 = 1");
        if (status != null) sql.append(" AND status = ?");
        if (callId != null) sql.append(" AND call_id = ?");
        sql.append(" ORDER BY id DESC FETCH FIRST ? ROWS ONLY");
        return query(sql.toString(), ps -> {
            int i = 1;
            if (status != null) ps.setString(i++, status.wireName());
            if (callId != null) ps.setString(i++, callId);
            ps.setInt(i, limit);
        });
    }

    public Optional<Delivery> find(long id) {
        return query("SELECT " + COLUMNS + " FROM webhook_deliveries WHERE id = ?", ps -> ps.setLong(1, id)).stream().findFirst();
    }

    /** Open rows (pending or failed) and when the oldest of them was written; null when none. */
    record Backlog(long rows, Instant oldest) {}

    Backlog backlog() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), MIN(created_at) FROM webhook_deliveries WHERE status IN " + OPEN);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            OffsetDateTime oldest = rs.getObject(2, OffsetDateTime.class);
            return new Backlog(rs.getLong(1), oldest == null ? null : oldest.toInstant());
        } catch (SQLException e) {
            throw new IllegalStateException("reading the webhook backlog failed: " + e.getMessage(), e);
        }
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private List<Delivery> query(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            List<Delivery> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) rows.add(read(rs));
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("reading webhook deliveries failed: " + e.getMessage(), e);
        }
    }

    private int update(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("updating webhook deliveries failed: " + e.getMessage(), e);
        }
    }

    private static Delivery read(ResultSet rs) throws SQLException {
        return new Delivery(rs.getLong("id"), rs.getString("event_id"), rs.getString("type"), rs.getString("call_id"),
                rs.getString("subscription"), rs.getString("body"), Delivery.Status.fromWire(rs.getString("status")),
                rs.getInt("attempts"), rs.getString("last_error"), instant(rs, "created_at"), instant(rs, "next_attempt_at"),
                instant(rs, "retry_until"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }
}
