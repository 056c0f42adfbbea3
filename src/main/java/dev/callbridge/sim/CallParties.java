package dev.callbridge.sim;

import java.util.random.RandomGenerator;

/** The Twilio identity of one simulated inbound call. */
public record CallParties(String accountSid, String callSid, String from, String to) {
    public static CallParties random(String from, String to, RandomGenerator random) {
        return new CallParties(TwilioSids.accountSid(random), TwilioSids.callSid(random), from, to);
    }
}
