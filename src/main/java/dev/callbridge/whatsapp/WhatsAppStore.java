package dev.callbridge.whatsapp;

import dev.callbridge.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * WhatsApp conversations over JDBC (H2 and PostgreSQL; migration V7), on the calls' pool. Every
 * method blocks: call it from a worker, never from an event loop.
 *
 * <p>Each write that is published (a message stored, a transcript added, a status that moves a reply
 * on) is one transaction with its {@link MessageOutbox} rows, so a stored change always reaches
 * webhook subscribers and one that failed never does; a write that changes nothing has no rows.
 */
public final class WhatsAppStore {
    /** A later status never moves a message back: read after delivered, delivered arriving late is ignored. */
    private static final Map<String, Integer> RANK = Map.of("accepted", 0, "sent", 1, "delivered", 2, "read", 3, "failed", 4);
    private static final String COLUMNS = "id, wamid, phone, direction, kind, body, status, error_code, error_message, reply_to,"
            + " created_at, updated_at";

    private static final String UNIQUE_VIOLATION = "23505";

    private static final String RANK_SQL = "(CASE status WHEN 'accepted' THEN 0 WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2"
            + " WHEN 'read' THEN 3 WHEN 'failed' THEN 4 ELSE -1 END)";

    private final DataSource dataSource;
    private final MessageOutbox outbox;
    /**
     * Published writes run one at a time, each holding it until its commit. A status must not read
     * the old status of a change still in flight; and the outbox sends a conversation's rows in id
     * order, which is commit order only when no two of its transactions overlap.
     */
    private final Object writeLock = new Object();

    /** Without an outbox: changes reach {@code /ws/events} only. */
    public WhatsAppStore(DataSource dataSource) {
        this(dataSource, MessageOutbox.NONE);
    }

    /** @param outbox writes its rows in each published write's transaction ({@link MessageOutbox#NONE} without webhooks) */
    public WhatsAppStore(DataSource dataSource, MessageOutbox outbox) {
        this.dataSource = dataSource;
        this.outbox = outbox;
    }

    /**
     * An inbound message stored and not yet answered (status {@code received}).
     *
     * @param mediaId a voice note's media id (Meta keeps media for 30 days), else null
     */
    public record Pending(String wamid, String number, String kind, String text, String mediaId, String mimeType, Instant at) {}

    /** Stores a customer's message; empty when its wamid is already stored (Meta delivering it again). */
    public Optional<WhatsAppMessage> insertInbound(String wamid, String number, String kind, String text, Instant at) {
        return insertInbound(wamid, number, kind, text, null, null, at);
    }

    /** The same, keeping a voice note's media id and type so it can still be fetched after a restart. */
    public Optional<WhatsAppMessage> insertInbound(String wamid, String number, String kind, String text, String mediaId, String mimeType,
                                                   Instant at) {
        try {
            return Optional.of(inTransaction(tx ->
                    publishInTx(tx, insert(tx, wamid, number, "inbound", kind, text, mediaId, mimeType, "received", null, null, null, at))));
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) return Optional.empty();
            throw new StoreException("storing WhatsApp message " + wamid + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Stores our reply: sent ({@code wamid} set, status {@code accepted} or further if status webhooks
     * already came) or refused ({@code wamid} null, status {@code failed} with Meta's code and message).
     */
    public WhatsAppMessage insertReply(String wamid, String number, String text, String replyTo, Integer errorCode, String errorMessage) {
        return insertOutbound(wamid, number, "text", text, replyTo, errorCode, errorMessage);
    }

    /** Stores a template we sent (the follow-up after a call), its text the parameter it carried; as {@link #insertReply}. */
    public WhatsAppMessage insertTemplate(String wamid, String number, String text) {
        return insertOutbound(wamid, number, "template", text, null, null, null);
    }

    private WhatsAppMessage insertOutbound(String wamid, String number, String kind, String text, String replyTo, Integer errorCode,
                                           String errorMessage) {
        try {
            return inTransaction(tx -> {
                String status = wamid == null ? "failed" : "accepted";
                WhatsAppMessage stored = insert(tx, wamid, number, "outbound", kind, text, null, null, status, errorCode, errorMessage,
                        replyTo, Instant.now());
                if (wamid != null && applyEarlyStatuses(tx, wamid)) stored = find(tx, wamid).orElse(stored);
                // One event for the reply, as it stands once the statuses that overtook it are applied.
                return publishInTx(tx, stored);
            });
        } catch (SQLException e) {
            throw new StoreException("storing a WhatsApp " + kind + " to " + number + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Moves an inbound message on ({@code answered}…), adding an error when given; never clears one.
     * Bookkeeping of our own, not published (the reply it concerns is).
     */
    public void updateInbound(String wamid, String status, Integer errorCode, String errorMessage) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE whatsapp_messages SET status = ?, error_code = COALESCE(?, error_code),"
                     + " error_message = COALESCE(?, error_message), updated_at = ? WHERE wamid = ? AND direction = 'inbound'")) {
            s.setString(1, status);
            setInt(s, 2, errorCode);
            s.setString(3, errorMessage);
            s.setObject(4, now());
            s.setString(5, wamid);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("updating WhatsApp message " + wamid + " failed: " + e.getMessage(), e);
        }
    }

    /** Puts a voice note's transcript on it; the message as it now is, or empty when it already had that text (or is no inbound message). */
    public Optional<WhatsAppMessage> addTranscript(String wamid, String text) {
        try {
            return inTransaction(tx -> {
                try (PreparedStatement s = tx.prepareStatement("UPDATE whatsapp_messages SET body = ?, updated_at = ?"
                        + " WHERE wamid = ? AND direction = 'inbound' AND (body IS NULL OR body <> ?)")) {
                    s.setString(1, text);
                    s.setObject(2, now());
                    s.setString(3, wamid);
                    s.setString(4, text);
                    if (s.executeUpdate() == 0) return Optional.empty();
                }
                Optional<WhatsAppMessage> updated = find(tx, wamid);
                if (updated.isPresent()) publishInTx(tx, updated.get());
                return updated;
            });
        } catch (SQLException e) {
            throw new StoreException("adding the transcript of WhatsApp message " + wamid + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Records a status webhook (each (wamid, status) once) and moves the message it updates forward;
     * the message as it now is, or empty when the status was a duplicate, does not move the message on,
     * or is for no message of ours yet.
     */
    public Optional<WhatsAppMessage> recordStatus(WebhookCodec.Status status) {
        try {
            return inTransaction(tx -> {
                try (PreparedStatement s = tx.prepareStatement(
                        "INSERT INTO whatsapp_statuses (wamid, status, error_code, error_title, received_at) VALUES (?, ?, ?, ?, ?)")) {
                    s.setString(1, status.wamid());
                    s.setString(2, status.status());
                    setInt(s, 3, status.errorCode());
                    s.setString(4, status.errorTitle());
                    s.setObject(5, now());
                    s.executeUpdate();
                }
                if (!advance(tx, status.wamid(), status.status(), status.errorCode(), status.errorTitle())) return Optional.<WhatsAppMessage>empty();
                Optional<WhatsAppMessage> updated = find(tx, status.wamid());
                if (updated.isPresent()) publishInTx(tx, updated.get());
                return updated;
            });
        } catch (SQLException e) {
            // The same status again: the whole transaction is rolled back, and there is nothing to publish.
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) return Optional.empty();
            throw new StoreException("recording status " + status.status() + " of " + status.wamid() + " failed: " + e.getMessage(), e);
        }
    }

    /** Inbound messages still {@code received} (the process stopped before their reply), created after {@code since}, oldest first. */
    public List<Pending> unanswered(Instant since, int limit) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT wamid, phone, kind, body, media_id, mime_type, created_at FROM whatsapp_messages"
                     + " WHERE status = 'received' AND direction = 'inbound' AND created_at > ? ORDER BY id")) {
            s.setObject(1, since.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC));
            s.setMaxRows(limit);
            List<Pending> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Pending(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                            rs.getObject(7, OffsetDateTime.class).toInstant()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("reading unanswered WhatsApp messages failed: " + e.getMessage(), e);
        }
    }

    /** The last messages of a conversation, oldest first. */
    public List<WhatsAppMessage> conversation(String number, int limit) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM whatsapp_messages WHERE phone = ? ORDER BY id DESC")) {
            s.setString(1, number);
            s.setMaxRows(limit);
            List<WhatsAppMessage> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) out.add(row(rs));
            }
            return out.reversed();
        } catch (SQLException e) {
            throw new StoreException("reading the WhatsApp conversation failed: " + e.getMessage(), e);
        }
    }

    /** Every conversation's last message, newest conversation first. */
    public List<WhatsAppMessage> conversations(int limit) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM whatsapp_messages WHERE id IN"
                     + " (SELECT MAX(id) FROM whatsapp_messages GROUP BY phone) ORDER BY id DESC")) {
            s.setMaxRows(limit);
            List<WhatsAppMessage> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) out.add(row(rs));
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("listing WhatsApp conversations failed: " + e.getMessage(), e);
        }
    }

    public Optional<WhatsAppMessage> find(String wamid) {
        try (Connection c = dataSource.getConnection()) {
            return find(c, wamid);
        } catch (SQLException e) {
            throw new StoreException("reading WhatsApp message " + wamid + " failed: " + e.getMessage(), e);
        }
    }

    private static Optional<WhatsAppMessage> find(Connection c, String wamid) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM whatsapp_messages WHERE wamid = ?")) {
            s.setString(1, wamid);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    /** What a published write does inside its transaction once the message is as it will be committed: its outbox rows. */
    private WhatsAppMessage publishInTx(Connection tx, WhatsAppMessage message) throws SQLException {
        outbox.append(tx, message);
        return message;
    }

    @FunctionalInterface
    private interface TransactionWork<T> {
        T run(Connection tx) throws SQLException;
    }

    /** Runs {@code work} as one transaction, under {@link #writeLock}: all of it is committed, or none. */
    private <T> T inTransaction(TransactionWork<T> work) throws SQLException {
        synchronized (writeLock) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    T result = work.run(c);
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    try {
                        c.rollback();
                    } catch (SQLException rollback) {
                        e.addSuppressed(rollback);
                    }
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            }
        }
    }

    /** Applies the status webhooks that overtook the send's answer; whether any moved the reply on. */
    private boolean applyEarlyStatuses(Connection tx, String wamid) throws SQLException {
        record Early(String status, Integer code, String title) {}
        List<Early> early = new ArrayList<>();
        try (PreparedStatement s = tx.prepareStatement("SELECT status, error_code, error_title FROM whatsapp_statuses WHERE wamid = ?")) {
            s.setString(1, wamid);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) early.add(new Early(rs.getString(1), (Integer) rs.getObject(2), rs.getString(3)));
            }
        }
        boolean moved = false;
        for (Early e : early) moved |= advance(tx, wamid, e.status(), e.code(), e.title());
        return moved;
    }

    /** One conditional UPDATE: the status moves only to a further one (callers hold {@link #writeLock}). */
    private static boolean advance(Connection c, String wamid, String status, Integer errorCode, String errorTitle) throws SQLException {
        Integer rank = RANK.get(status);
        if (rank == null) return false;
        try (PreparedStatement s = c.prepareStatement("UPDATE whatsapp_messages SET status = ?, error_code = COALESCE(?, error_code),"
                + " error_message = COALESCE(?, error_message), updated_at = ? WHERE wamid = ? AND direction = 'outbound' AND "
                + RANK_SQL + " < ?")) {
            s.setString(1, status);
            setInt(s, 2, errorCode);
            s.setString(3, errorTitle);
            s.setObject(4, now());
            s.setString(5, wamid);
            s.setInt(6, rank);
            return s.executeUpdate() == 1;
        }
    }

    private static WhatsAppMessage insert(Connection tx, String wamid, String number, String direction, String kind, String text,
                                          String mediaId, String mimeType, String status, Integer errorCode, String errorMessage,
                                          String replyTo, Instant at) throws SQLException {
        try (PreparedStatement s = tx.prepareStatement("INSERT INTO whatsapp_messages (wamid, phone, direction, kind, body, media_id,"
                        + " mime_type, status, error_code, error_message, reply_to, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            OffsetDateTime when = at.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
            OffsetDateTime stored = now();
            s.setString(1, wamid);
            s.setString(2, number);
            s.setString(3, direction);
            s.setString(4, kind);
            s.setString(5, text);
            s.setString(6, mediaId);
            s.setString(7, mimeType);
            s.setString(8, status);
            setInt(s, 9, errorCode);
            s.setString(10, errorMessage);
            s.setString(11, replyTo);
            s.setObject(12, when);
            s.setObject(13, stored);
            s.executeUpdate();
            long id;
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
            return new WhatsAppMessage(id, wamid, number, direction, kind, text, status, errorCode, errorMessage, replyTo, when.toInstant(),
                    stored.toInstant());
        }
    }

    private static WhatsAppMessage row(ResultSet rs) throws SQLException {
        return new WhatsAppMessage(rs.getLong("id"), rs.getString("wamid"), rs.getString("phone"), rs.getString("direction"),
                rs.getString("kind"), rs.getString("body"), rs.getString("status"), (Integer) rs.getObject("error_code"),
                rs.getString("error_message"), rs.getString("reply_to"), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }

    private static void setInt(PreparedStatement s, int index, Integer value) throws SQLException {
        if (value == null) s.setNull(index, Types.INTEGER);
        else s.setInt(index, value);
    }

    private static OffsetDateTime now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }
}
