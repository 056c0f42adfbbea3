package dev.callbridge.call;

/**
 * Why a call ended, as stored in the record's {@code endReason}. {@code code} is a stable
 * kebab-case word for scripts; {@code detail} is for humans and may be null.
 */
public record EndReason(String code, String detail) {
    public static final EndReason CALLER_HANGUP = new EndReason("caller-hangup", null);
    public static final EndReason AGENT_HANGUP = new EndReason("agent-hangup", null);
    public static final EndReason API_HANGUP = new EndReason("api-hangup", null);
    public static final EndReason STREAM_CLOSED = new EndReason("stream-closed", null);
    public static final EndReason SHUTDOWN = new EndReason("shutdown", null);
    public static final EndReason OVER_CAPACITY = new EndReason("over-capacity", null);

    public EndReason {
        if (code == null || code.isBlank()) throw new IllegalArgumentException("an end reason needs a code");
    }

    public static EndReason of(String code, String detail) {
        return new EndReason(code, detail);
    }

    /** The form stored on the record: {@code code} or {@code code: detail}. */
    @Override
    public String toString() {
        return detail == null ? code : code + ": " + detail;
    }
}
