package dev.callbridge.webhook;

/**
 * Where the outbox's rows for one receiver go: a subscriber's URL ({@link WebhookSender}), or a
 * receiver inside the gateway such as the WhatsApp follow-up after a call. Called on the
 * worker's sender threads, never on an event loop, one row of a line at a time.
 */
public interface DeliveryTarget {
    /** One attempt; may block for at most the target's own timeout. */
    DeliveryOutcome attempt(Delivery delivery);

    /**
     * What the worker made of an attempt, once the row's new status is stored: {@code delivered},
     * {@code failed} (a retry is scheduled) or {@code dead}. For a target that shows its progress
     * elsewhere; most need nothing.
     */
    default void settled(Delivery delivery, DeliveryOutcome outcome, Delivery.Status status, int attempts) {}
}
