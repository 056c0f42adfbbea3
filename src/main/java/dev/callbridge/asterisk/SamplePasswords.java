package dev.callbridge.asterisk;

import java.util.Locale;
import java.util.Set;

/**
 * Passwords nobody should run Asterisk with: the ones {@code deploy/asterisk} ships as
 * placeholders, and the obvious others. ARI with such a password gives whoever reaches
 * Asterisk's HTTP port control of every call; the gateway says so loudly at start-up.
 */
public final class SamplePasswords {
    /** {@code change-me} is deploy/asterisk/ari.conf's placeholder; the rest are what people type instead. */
    private static final Set<String> SAMPLES = Set.of("change-me", "change-me-too", "changeme", "change_me", "password",
            "passw0rd", "secret", "asterisk", "admin", "callbridge", "ari", "test", "1234", "12345", "123456", "12345678");
    /** Shorter than this is guessable whatever it is. */
    static final int MIN_LENGTH = 12;

    private SamplePasswords() {}

    /** Why {@code password} must not be used, or null if it may. */
    public static String weakness(String password) {
        String p = password == null ? "" : password.strip();
        if (SAMPLES.contains(p.toLowerCase(Locale.ROOT))) return "it is a sample password ('" + p + "')";
        if (p.length() < MIN_LENGTH) return "it is shorter than " + MIN_LENGTH + " characters";
        return null;
    }
}
