package dev.callbridge.webhook;

/** What one attempt at a delivery came to. */
public sealed interface DeliveryOutcome {
    /** @param detail what the receiver answered: an HTTP status, a message id */
    record Delivered(String detail) implements DeliveryOutcome {}

    /**
     * Worth trying again (a 5xx, 408, 429, a timeout, a refused or dropped connection, a rate limit).
     *
     * @param code the receiver's own error code when it gave one (Meta's), else null
     */
    record Retryable(String error, Integer code) implements DeliveryOutcome {}

    /** Trying again cannot help (any other 4xx, a redirect, an error the receiver calls final): the row is dead. */
    record Refused(String error, Integer code) implements DeliveryOutcome {}
}
