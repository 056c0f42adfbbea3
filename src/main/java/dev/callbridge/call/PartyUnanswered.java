package dev.callbridge.call;

/**
 * An interpreted call's second party never came on the line: busy, no answer, the dial failed, or
 * the wait for them ran out. {@code status} is what B's own record shows.
 */
public final class PartyUnanswered extends RuntimeException {
    private final CallStatus status;
    private final String detail;

    public PartyUnanswered(CallStatus status, String detail) {
        super(status.wireName() + (detail == null ? "" : ": " + detail));
        this.status = status;
        this.detail = detail;
    }

    /** What more is known than the status (the provider's refusal, how long we waited), or null. */
    public String detail() {
        return detail;
    }

    public CallStatus status() {
        return status;
    }
}
