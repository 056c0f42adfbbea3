package dev.callbridge.sim;

import java.util.HexFormat;
import java.util.random.RandomGenerator;

/** Random Twilio identifiers of the real shape: a two-letter prefix and 32 lowercase hex digits. */
final class TwilioSids {
    private TwilioSids() {}

    static String random(String prefix, RandomGenerator random) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }

    static String callSid(RandomGenerator random) {
        return random("CA", random);
    }

    static String accountSid(RandomGenerator random) {
        return random("AC", random);
    }

    static String streamSid(RandomGenerator random) {
        return random("MZ", random);
    }
}
