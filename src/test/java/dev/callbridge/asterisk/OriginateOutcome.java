package dev.callbridge.asterisk;

import java.time.Duration;

/**
 * What {@link FakeAri} does with the next {@code POST /ari/channels}. Answered and failed calls
 * get a 200 with the new channel first, then their events after {@code after} (the ringing).
 *
 * <p>Answered follows the capture (Dial "", ChannelStateChange Up, Dial ANSWER, ChannelVarset
 * STASISSTATUS, StasisStart with the app args). The failures were not captured: their Dial
 * status and ChannelDestroyed cause follow protocols/asterisk-ari.md §3 (ASSUMED order: Dial "",
 * Dial with the status, ChannelDestroyed; never a StasisStart).
 */
record OriginateOutcome(Kind kind, String dialstatus, int cause, int httpStatus, String message, Duration after) {
    enum Kind { ANSWERED, FAILED, REST_ERROR }

    static OriginateOutcome answered() {
        return new OriginateOutcome(Kind.ANSWERED, "ANSWER", 0, 200, null, Duration.ofMillis(20));
    }

    static OriginateOutcome busy() {
        return new OriginateOutcome(Kind.FAILED, "BUSY", 17, 200, null, Duration.ofMillis(20));
    }

    static OriginateOutcome noAnswer() {
        return new OriginateOutcome(Kind.FAILED, "NOANSWER", 19, 200, null, Duration.ofMillis(20));
    }

    static OriginateOutcome congestion() {
        return new OriginateOutcome(Kind.FAILED, "CONGESTION", 34, 200, null, Duration.ofMillis(20));
    }

    /** The request itself is refused, e.g. {@code (400, "Invalid endpoint specified")}; no channel, no events. */
    static OriginateOutcome restError(int status, String message) {
        return new OriginateOutcome(Kind.REST_ERROR, null, 0, status, message, Duration.ZERO);
    }

    OriginateOutcome after(Duration ringing) {
        return new OriginateOutcome(kind, dialstatus, cause, httpStatus, message, ringing);
    }
}
