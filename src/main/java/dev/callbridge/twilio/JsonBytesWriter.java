package dev.callbridge.twilio;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Appends UTF-8 JSON to one byte array. The codec's encoder uses it instead of a Jackson
 * generator because the messages are a handful of fixed shapes: literal pieces are pre-encoded,
 * strings are escaped here, and a media payload's base64 is written straight into the array.
 * When the caller sizes it exactly (see {@link #escapedStringLength}), {@link #toByteArray()}
 * hands back the array itself: one allocation per message, no copy.
 */
final class JsonBytesWriter {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private byte[] buffer;
    private int length;

    JsonBytesWriter(int capacity) {
        buffer = new byte[capacity];
    }

    static byte[] ascii(String literal) {
        return literal.getBytes(StandardCharsets.US_ASCII);
    }

    /** Pre-encoded ASCII, written as is. */
    JsonBytesWriter raw(byte[] ascii) {
        ensure(ascii.length);
        System.arraycopy(ascii, 0, buffer, length, ascii.length);
        length += ascii.length;
        return this;
    }

    /** JSON punctuation and field names, known to be ASCII; no allocation, unlike {@link #ascii}. */
    JsonBytesWriter literal(String ascii) {
        int n = ascii.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buffer[length + i] = (byte) ascii.charAt(i);
        }
        length += n;
        return this;
    }

    /** A JSON string: quotes, escapes, UTF-8. */
    JsonBytesWriter string(String s) {
        ensure(escapedStringLength(s));
        byte[] b = buffer;
        int p = length;
        b[p++] = '"';
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c >= 0x20 && c != '"' && c != '\\') {
                    b[p++] = (byte) c;
                } else {
                    p = writeEscape(b, p, c);
                }
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | c >> 6);
                b[p++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                b[p++] = (byte) (0xF0 | cp >> 18);
                b[p++] = (byte) (0x80 | cp >> 12 & 0x3F);
                b[p++] = (byte) (0x80 | cp >> 6 & 0x3F);
                b[p++] = (byte) (0x80 | cp & 0x3F);
            } else {
                // A lone surrogate has no UTF-8 form. Escaping it as \\uXXXX would be legal JSON, but
                // Jackson's byte parser rejects that in field names, so write U+FFFD as any UTF-8 encoder would.
                if (Character.isSurrogate(c)) {
                    c = '\uFFFD';
                }
                b[p++] = (byte) (0xE0 | c >> 12);
                b[p++] = (byte) (0x80 | c >> 6 & 0x3F);
                b[p++] = (byte) (0x80 | c & 0x3F);
            }
        }
        b[p++] = '"';
        length = p;
        return this;
    }

    /** Bytes {@link #string} will write for {@code s}, quotes included. */
    static int escapedStringLength(String s) {
        int total = 2;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                total += c >= 0x20 && c != '"' && c != '\\' ? 1 : escapeLength(c);
            } else if (c < 0x800) {
                total += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                total += 4;
                i++;
            } else {
                total += 3; // BMP char, or U+FFFD for a lone surrogate
            }
        }
        return total;
    }

    /** A counter as Twilio sends it: a decimal inside quotes. */
    JsonBytesWriter quotedNumber(long nonNegative) {
        ensure(22);
        buffer[length++] = '"';
        writeDigits(nonNegative);
        buffer[length++] = '"';
        return this;
    }

    /** A plain JSON number, as in {@code start.mediaFormat}. */
    JsonBytesWriter number(int value) {
        ensure(11);
        long magnitude = value;
        if (magnitude < 0) {
            buffer[length++] = '-';
            magnitude = -magnitude;
        }
        writeDigits(magnitude);
        return this;
    }

    /** {@code "<base64>"} written in place. */
    JsonBytesWriter base64String(byte[] data) {
        ensure(MediaBase64.encodedLength(data.length) + 2);
        buffer[length++] = '"';
        length = MediaBase64.encode(data, buffer, length);
        buffer[length++] = '"';
        return this;
    }

    byte[] toByteArray() {
        return length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
    }

    private void writeDigits(long value) {
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        int end = length + digits;
        for (int p = end - 1; p >= length; p--) {
            buffer[p] = (byte) ('0' + value % 10);
            value /= 10;
        }
        length = end;
    }

    private static int escapeLength(char c) {
        return switch (c) {
            case '"', '\\', '\b', '\f', '\n', '\r', '\t' -> 2;
            default -> 6;
        };
    }

    private static int writeEscape(byte[] b, int p, char c) {
        char shortForm = switch (c) {
            case '"' -> '"';
            case '\\' -> '\\';
            case '\b' -> 'b';
            case '\f' -> 'f';
            case '\n' -> 'n';
            case '\r' -> 'r';
            case '\t' -> 't';
            default -> 0;
        };
        if (shortForm == 0) {
            return writeUnicodeEscape(b, p, c);
        }
        b[p] = '\\';
        b[p + 1] = (byte) shortForm;
        return p + 2;
    }

    private static int writeUnicodeEscape(byte[] b, int p, char c) {
        b[p] = '\\';
        b[p + 1] = 'u';
        b[p + 2] = HEX[c >> 12 & 0xF];
        b[p + 3] = HEX[c >> 8 & 0xF];
        b[p + 4] = HEX[c >> 4 & 0xF];
        b[p + 5] = HEX[c & 0xF];
        return p + 6;
    }

    private void ensure(int extra) {
        if (length + extra > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + extra));
        }
    }
}
