package dev.callbridge.config;

/**
 * A configured secret. {@link #toString()} never shows the value, so a secret cannot leak
 * through a log line or a serialized config; code that needs it calls {@link #reveal()}.
 */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /** Null for an unset or blank value. */
    public static Secret ofNullable(String value) {
        return value == null || value.isBlank() ? null : new Secret(value);
    }

    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "****";
    }
}
