package dev.callbridge.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a {@code Range} header asks of a resource of known length (RFC 9110 §14): one range, the
 * whole resource, or nothing satisfiable. Only single ranges are served; a header this server does
 * not serve (another unit, several ranges, a malformed one) is ignored, as the RFC allows, and the
 * whole resource is sent. Pure.
 */
sealed interface ByteRange {
    /** Send everything: no header, or one that is ignored. */
    record Whole() implements ByteRange {}

    /** Send bytes {@code first..last}, both inclusive. */
    record Part(long first, long last) implements ByteRange {
        long length() {
            return last - first + 1;
        }

        /** The {@code Content-Range} value. */
        String contentRange(long total) {
            return "bytes " + first + "-" + last + "/" + total;
        }
    }

    /** 416: the range starts past the end, or asks for the last 0 bytes. */
    record Unsatisfiable() implements ByteRange {}

    Pattern SINGLE = Pattern.compile("\\s*bytes\\s*=\\s*(\\d*)\\s*-\\s*(\\d*)\\s*", Pattern.CASE_INSENSITIVE);

    static ByteRange of(String header, long length) {
        if (header == null) return new Whole();
        Matcher m = SINGLE.matcher(header);
        if (!m.matches()) return new Whole();
        String a = m.group(1);
        String b = m.group(2);
        try {
            if (a.isEmpty()) {
                if (b.isEmpty()) return new Whole();
                long suffix = Long.parseLong(b);
                if (suffix == 0 || length == 0) return new Unsatisfiable();
                return new Part(Math.max(0, length - suffix), length - 1);
            }
            long first = Long.parseLong(a);
            long last = b.isEmpty() ? Long.MAX_VALUE : Long.parseLong(b);
            if (last < first) return new Whole(); // invalid: ignored
            if (first >= length) return new Unsatisfiable();
            return new Part(first, Math.min(last, length - 1));
        } catch (NumberFormatException tooLong) {
            return new Whole(); // more digits than a long holds: not a range we can mean
        }
    }
}
