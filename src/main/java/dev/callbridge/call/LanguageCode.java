package dev.callbridge.call;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The languages of an interpreted call: ISO 639-1 codes, two letters, optionally with a region
 * or script ({@code en}, {@code pt-BR}, {@code zh-Hans}), the form every translation engine here
 * maps to its own codes. Stricter than a plain call's language tag, which only labels the call.
 */
public final class LanguageCode {
    private static final Pattern CODE = Pattern.compile("[A-Za-z]{2}(-[A-Za-z0-9]{2,4})?");

    private LanguageCode() {}

    /** What is wrong with {@code code}, or null. */
    public static String problemWith(String code) {
        if (code == null) return "required, an ISO 639-1 code like en or pt-BR";
        return CODE.matcher(code).matches() ? null : "must be an ISO 639-1 code like en or pt-BR, got '" + code + "'";
    }

    /** The language without its region: {@code pt-BR} and {@code pt} are one language, which cannot be interpreted into itself. */
    public static String primary(String code) {
        int dash = code.indexOf('-');
        return (dash < 0 ? code : code.substring(0, dash)).toLowerCase(Locale.ROOT);
    }
}
