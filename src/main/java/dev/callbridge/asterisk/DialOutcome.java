package dev.callbridge.asterisk;

import dev.callbridge.call.CallStatus;

/** What an originated channel's end before answer means, from its Q.850 hang-up cause. */
final class DialOutcome {
    private DialOutcome() {}

    static CallStatus status(int cause) {
        return switch (cause) {
            case 17 -> CallStatus.BUSY;            // USER_BUSY
            case 18, 19 -> CallStatus.NO_ANSWER;   // NO_USER_RESPONSE, NO_ANSWER
            default -> CallStatus.FAILED;          // unallocated number, rejected, congestion, …
        };
    }
}
