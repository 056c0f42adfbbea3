package dev.callbridge.call;

import java.util.regex.Pattern;

/** E.164 telephone numbers: {@code +} and 2 to 15 digits, no leading zero. */
public final class E164 {
    private static final Pattern NUMBER = Pattern.compile("\\+[1-9][0-9]{1,14}");

    private E164() {}

    public static boolean isValid(String s) {
        return s != null && NUMBER.matcher(s).matches();
    }
}
