package dev.callbridge.webhook;

import java.time.Instant;

/**
 * One {@code webhook_deliveries} row. {@code subscription} is the subscriber's URL; {@code line} (the
 * {@code call_id} column) orders the rows: a call's id, or {@code whatsapp:+<number>} for a conversation.
 */
public record Delivery(long id, String eventId, String type, String line, String subscription, String body,
                       Status status, int attempts, String lastError, Instant createdAt, Instant nextAttemptAt,
                       Instant retryUntil) {

    /** The call the row is about; null for a WhatsApp conversation's row. */
    public String callId() {
        return line.startsWith(WebhookOutbox.WHATSAPP_LINE) ? null : line;
    }

    /** {@code pending}: not tried yet; {@code failed}: tried, a retry is scheduled; {@code delivered}; {@code dead}: given up. */
    public enum Status {
        PENDING, FAILED, DELIVERED, DEAD;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Status fromWire(String s) {
            for (Status v : values()) if (v.wireName().equals(s)) return v;
            throw new IllegalArgumentException("must be pending, failed, delivered or dead, got '" + s + "'");
        }
    }
}
