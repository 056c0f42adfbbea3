package dev.callbridge.call;

/**
 * An interpreted call's second party never came on the line: busy, no answer, the dial failed, or
 * the wait for them ran out. {@code status} is what B's own record shows.
 */
public final class PartyUnanswered extends RuntimeException {
    private final CallStatus status;

    public PartyUnanswered(CallStatus status, String detail) {
        super(status.wireName() + (detail == null ? "" : ": " + detail));
        this.status = status;
    }

    public CallStatus status() {
        return status;
    }
}
