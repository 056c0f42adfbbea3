package dev.callbridge.call;

import java.util.Locale;

/** {@code inbound}: from the phone party into callbridge; {@code outbound}: towards the phone party. */
public enum Direction {
    INBOUND, OUTBOUND;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Direction fromWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
