package dev.callbridge.webhook;

import java.time.Instant;

/** One {@code webhook_deliveries} row. {@code subscription} is the subscriber's URL. */
public record Delivery(long id, String eventId, String type, String callId, String subscription, String body,
                       Status status, int attempts, String lastError, Instant createdAt, Instant nextAttemptAt,
                       Instant retryUntil) {

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
