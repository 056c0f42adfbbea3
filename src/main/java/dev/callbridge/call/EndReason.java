package dev.callbridge.call;

/**
 * Why a call ended, as stored in the record's {@code endReason}. {@code code} is a stable
 * kebab-case word for scripts; {@code detail} is for humans and may be null. A
 * {@code failure} ends the call as {@code failed} rather than {@code completed}.
 */
public record EndReason(String code, String detail, boolean failure) {
    public static final EndReason CALLER_HANGUP = new EndReason("caller-hangup", null, false);
    public static final EndReason AGENT_HANGUP = new EndReason("agent-hangup", null, false);
    public static final EndReason API_HANGUP = new EndReason("api-hangup", null, false);
    public static final EndReason STREAM_CLOSED = new EndReason("stream-closed", null, false);
    public static final EndReason SHUTDOWN = new EndReason("shutdown", null, false);
    public static final EndReason OVER_CAPACITY = new EndReason("over-capacity", null, false);
    /**
     * The provider was told to connect the media stream, and none started within
     * {@code MEDIA_START_TIMEOUT_SECONDS}: the call ends {@code failed} and frees its slot.
     */
    public static final EndReason NO_MEDIA = new EndReason("no-media", null, true);
    /** Turned away because the process is stopping (SIGTERM); the caller should be retried elsewhere. */
    public static final EndReason DRAINING = new EndReason("draining", null, false);

    public EndReason {
        if (code == null || code.isBlank()) throw new IllegalArgumentException("an end reason needs a code");
    }

    public static EndReason of(String code, String detail) {
        return new EndReason(code, detail, false);
    }

    /**
     * The agent ended the call (the model called {@code end_call}) but its goodbye was not heard in
     * time: {@code detail} says whether the model gave none or the leg never confirmed it.
     */
    public static EndReason agentHangupTimeout(String detail) {
        return new EndReason("agent-hangup-timeout", detail, false);
    }

    public static EndReason failure(String code, String detail) {
        return new EndReason(code, detail, true);
    }

    /** The form stored on the record: {@code code} or {@code code: detail}. */
    @Override
    public String toString() {
        return detail == null ? code : code + ": " + detail;
    }
}
