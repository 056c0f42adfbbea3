package dev.callbridge.call;

import java.util.regex.Pattern;

/**
 * What a party's {@code to} and {@code from} may be on each provider: Twilio dials E.164 numbers
 * only; Asterisk takes a number (for {@code ARI_ENDPOINT_TEMPLATE}) or a dial string of its own
 * ({@code PJSIP/100}), and a caller id of digits. One rule for party A and party B, whether they
 * come from {@code POST /api/calls} or from {@code INTERPRETER_NUMBERS}. Each method answers what
 * is wrong, without the field's name (the caller knows where the value came from), or null.
 */
public final class PartyAddress {
    private static final Pattern ASTERISK_TO =
            Pattern.compile("\\+?[0-9*#]{1,32}|[A-Za-z][A-Za-z0-9_]*/[^\\s,]{1,200}");
    private static final Pattern ASTERISK_FROM = Pattern.compile("\\+?[0-9]{1,32}");

    private PartyAddress() {}

    /** What is wrong with {@code to} as whom {@code provider} dials, or null. */
    public static String problemWithTo(Provider provider, String to) {
        if (provider == Provider.ASTERISK) {
            if (to == null) return "required, a number like +15551230000 or a dial string like PJSIP/100";
            return ASTERISK_TO.matcher(to).matches() ? null : "'" + to + "' is neither a number nor a dial string like PJSIP/100";
        }
        if (to == null) return "required, an E.164 number like +15551230000";
        return E164.isValid(to) ? null : "'" + to + "' is not an E.164 number like +15551230000";
    }

    /** What is wrong with {@code from} as the caller id {@code provider} presents, or null; null itself is fine for Asterisk only. */
    public static String problemWithFrom(Provider provider, String from) {
        if (provider == Provider.ASTERISK) {
            return from == null || ASTERISK_FROM.matcher(from).matches() ? null : "'" + from + "' is not a number";
        }
        if (from == null) return "required (or set TWILIO_PHONE_NUMBER)";
        return E164.isValid(from) ? null : "'" + from + "' is not an E.164 number";
    }
}
