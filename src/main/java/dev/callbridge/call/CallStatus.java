package dev.callbridge.call;

import java.util.Locale;

/** A call's status, with Twilio's vocabulary as the wire names ({@code in-progress}, {@code no-answer}). */
public enum CallStatus {
    QUEUED, RINGING, IN_PROGRESS, COMPLETED, FAILED, BUSY, NO_ANSWER, CANCELED, REJECTED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public boolean isTerminal() {
        return ordinal() >= COMPLETED.ordinal();
    }

    /**
     * Whether a call may move from this status to {@code next}. Status only moves forward:
     * a late or duplicated provider callback never reopens or rewinds a call.
     */
    public boolean canMoveTo(CallStatus next) {
        if (isTerminal()) return false;
        return switch (next) {
            case QUEUED -> false;
            case RINGING -> this == QUEUED;
            case IN_PROGRESS -> this == QUEUED || this == RINGING;
            case COMPLETED, FAILED -> true;
            case BUSY, NO_ANSWER, CANCELED, REJECTED -> this != IN_PROGRESS;
        };
    }

    public static CallStatus fromWire(String s) {
        for (CallStatus v : values()) if (v.wireName().equals(s)) return v;
        throw new IllegalArgumentException("unknown call status '" + s + "'");
    }
}
