package dev.callbridge.sim;

import dev.callbridge.twilio.TwilioMessage;

/** The {@code sequenceNumber} of a Twilio→server message, for asserting on the fake's log. */
final class FakeMediaServerSequence {
    private FakeMediaServerSequence() {}

    static long of(TwilioMessage m) {
        return switch (m) {
            case TwilioMessage.Start s -> s.sequenceNumber();
            case TwilioMessage.Media x -> x.sequenceNumber();
            case TwilioMessage.Dtmf x -> x.sequenceNumber();
            case TwilioMessage.Mark x -> x.sequenceNumber();
            case TwilioMessage.Stop x -> x.sequenceNumber();
            default -> throw new IllegalArgumentException("no sequenceNumber on " + m);
        };
    }
}
