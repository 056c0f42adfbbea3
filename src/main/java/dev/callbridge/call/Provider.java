package dev.callbridge.call;

import java.util.Locale;

/** The front door a call came through. */
public enum Provider {
    TWILIO, ASTERISK;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Provider fromWire(String s) {
        for (Provider p : values()) if (p.wireName().equals(s)) return p;
        throw new IllegalArgumentException("unknown provider '" + s + "'");
    }
}
