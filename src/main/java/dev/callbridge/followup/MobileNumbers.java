package dev.callbridge.followup;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a caller's number can have WhatsApp, as far as the numbering plan tells: a mobile
 * number, or one the plan cannot tell from a fixed line (every North American number). Decided by
 * Google's libphonenumber metadata, not by prefixes of our own. Pure; thread-safe.
 */
public final class MobileNumbers {
    private final PhoneNumberUtil plan = PhoneNumberUtil.getInstance();

    /** Empty when the number may be a mobile one; otherwise why it is not, for the call's record. */
    public Optional<String> whyNotMobile(String number) {
        if (number == null || number.isBlank()) return Optional.of("the caller's number is unknown");
        Phonenumber.PhoneNumber parsed;
        try {
            parsed = plan.parse(number, "ZZ"); // no default region: only a number with its country code counts
        } catch (NumberParseException e) {
            return Optional.of("'" + number + "' is not a phone number with a country code");
        }
        if (!plan.isValidNumber(parsed)) return Optional.of(number + " is not a valid number in its country's numbering plan");
        PhoneNumberUtil.PhoneNumberType type = plan.getNumberType(parsed);
        return switch (type) {
            case MOBILE, FIXED_LINE_OR_MOBILE -> Optional.empty();
            case UNKNOWN -> Optional.of(number + " is of a kind the numbering plan does not tell");
            default -> Optional.of(number + " is a " + words(type) + " number, not a mobile one");
        };
    }

    private static String words(PhoneNumberUtil.PhoneNumberType type) {
        return type.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
