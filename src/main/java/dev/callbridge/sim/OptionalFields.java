package dev.callbridge.sim;

/**
 * Which optional fields the simulator puts in the Media Streams messages it sends as Twilio.
 * Twilio's own messages carry them all today, but a gateway must not depend on a field it does
 * not need: {@code NONE} and {@code VARIED} check that it does not.
 */
public enum OptionalFields {
    /** Every field protocols/twilio.md shows, as Twilio sends them. */
    ALL,
    /** Only what each message needs: a mark's name, a media payload, the start's stream sid and parameters. */
    NONE,
    /** Each optional field of each message present or not, at random. */
    VARIED;

    /** Parses a command-line value ({@code all}, {@code none}, {@code varied}). */
    public static OptionalFields parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--optional-fields must be all, none or varied, got '" + value + "'");
        }
    }
}
