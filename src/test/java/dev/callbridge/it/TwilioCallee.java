package dev.callbridge.it;

import java.time.Duration;

/**
 * What the phone at a number does with a call {@link FakeTwilioApi} places to it (see
 * {@link FakeTwilioApi#callee}), and how Twilio reports it. Status callbacks follow
 * protocols/twilio.md for {@code StatusCallbackEvent} initiated, ringing, answered, completed:
 * <ul>
 *   <li>answers: {@code initiated}, {@code ringing}, the ring, {@code in-progress}; then the
 *       TwiML's stream connects and the test drives it ({@link FakeTwilioApi#answered}); when the
 *       party hangs up or is hung up, {@code stop}, the socket closes, {@code completed};</li>
 *   <li>busy: {@code initiated}, {@code busy} (SIP 486), no ring;</li>
 *   <li>no-answer: {@code initiated}, {@code ringing}, the ring, {@code no-answer} (SIP 487);</li>
 *   <li>failed: {@code initiated}, {@code failed} (SIP 404).</li>
 * </ul>
 * A cancel ({@code Status=canceled}) while ringing stops the ring and reports {@code canceled}.
 * Twilio may deliver callbacks out of order and optional fields may be absent: {@link #outOfOrder()}
 * has the callback that settles the call (in-progress, busy, no-answer, failed) overtake the one
 * before it (ringing, or initiated), each keeping its own {@code SequenceNumber}; and
 * {@link #withoutSequenceNumbers()} leaves {@code SequenceNumber} and {@code Timestamp} out.
 */
public record TwilioCallee(Outcome outcome, Duration ring, boolean sequenceNumbers, boolean reordered) {
    public enum Outcome { ANSWERS, BUSY, NO_ANSWER, FAILED }

    public static TwilioCallee answers() {
        return new TwilioCallee(Outcome.ANSWERS, Duration.ofMillis(100), true, false);
    }

    public static TwilioCallee busy() {
        return new TwilioCallee(Outcome.BUSY, Duration.ZERO, true, false);
    }

    public static TwilioCallee noAnswer() {
        return new TwilioCallee(Outcome.NO_ANSWER, Duration.ofMillis(200), true, false);
    }

    public static TwilioCallee failed() {
        return new TwilioCallee(Outcome.FAILED, Duration.ZERO, true, false);
    }

    /** How long the phone rings before it is answered (or, for no-answer, given up on). */
    public TwilioCallee ringing(Duration d) {
        return new TwilioCallee(outcome, d, sequenceNumbers, reordered);
    }

    public TwilioCallee withoutSequenceNumbers() {
        return new TwilioCallee(outcome, ring, false, reordered);
    }

    public TwilioCallee outOfOrder() {
        return new TwilioCallee(outcome, ring, sequenceNumbers, true);
    }
}
