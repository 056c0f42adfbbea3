package dev.callbridge.whatsapp;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Rows that must exist exactly when a message change is stored (the webhook outbox's
 * {@code whatsapp.message} rows): written inside the store's transaction for that change, so a
 * committed change always has them and one rolled back never does.
 */
@FunctionalInterface
public interface MessageOutbox {
    MessageOutbox NONE = (tx, message) -> { };

    /**
     * Called once per change that is published: a message stored, or moved on.
     *
     * @param tx      the change's connection, inside its transaction: never commit or close it
     * @param message the message as the change left it; {@link WhatsAppMessage#changeId()} is the event's
     *                stable id, {@link WhatsAppMessage#updatedAt()} when the change happened
     */
    void append(Connection tx, WhatsAppMessage message) throws SQLException;
}
