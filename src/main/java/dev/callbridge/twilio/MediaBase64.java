package dev.callbridge.twilio;

/**
 * Standard base64 (RFC 4648, {@code =} padding) for media payloads, working on the arrays the
 * codec already holds: decoding reads the JSON parser's char buffer in place and encoding writes
 * into the outgoing JSON bytes at an offset. {@link java.util.Base64} can do neither, so using it
 * would cost a String and a copy per 20 ms frame.
 *
 * <p>Accepts exactly what {@code java.util.Base64.getDecoder()} accepts: padding optional, but
 * when present it must complete the last group; no whitespace, no URL-safe alphabet.
 */
final class MediaBase64 {
    private static final byte[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes(
                    java.nio.charset.StandardCharsets.US_ASCII);
    private static final int[] VALUE_OF = new int[128];

    static {
        java.util.Arrays.fill(VALUE_OF, -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            VALUE_OF[ALPHABET[i]] = i;
        }
    }

    /** Thrown with the reason; the codec turns it into {@code BAD_BASE64}. */
    static final class InvalidBase64 extends Exception {
        InvalidBase64(String reason) {
            super(reason, null, false, false); // no stack trace: it is a data error, not a bug
        }
    }

    private MediaBase64() {}

    static int encodedLength(int byteCount) {
        return (byteCount + 2) / 3 * 4;
    }

    /** Writes the base64 of {@code src} into {@code dst} at {@code dstOffset}; returns the end offset. */
    static int encode(byte[] src, byte[] dst, int dstOffset) {
        int dp = dstOffset;
        int fullGroupsEnd = src.length - src.length % 3;
        for (int sp = 0; sp < fullGroupsEnd; sp += 3) {
            int bits = (src[sp] & 0xFF) << 16 | (src[sp + 1] & 0xFF) << 8 | (src[sp + 2] & 0xFF);
            dst[dp] = ALPHABET[bits >>> 18];
            dst[dp + 1] = ALPHABET[(bits >>> 12) & 0x3F];
            dst[dp + 2] = ALPHABET[(bits >>> 6) & 0x3F];
            dst[dp + 3] = ALPHABET[bits & 0x3F];
            dp += 4;
        }
        int tail = src.length - fullGroupsEnd;
        if (tail > 0) {
            int bits = (src[fullGroupsEnd] & 0xFF) << 16 | (tail == 2 ? (src[fullGroupsEnd + 1] & 0xFF) << 8 : 0);
            dst[dp] = ALPHABET[bits >>> 18];
            dst[dp + 1] = ALPHABET[(bits >>> 12) & 0x3F];
            dst[dp + 2] = tail == 2 ? ALPHABET[(bits >>> 6) & 0x3F] : (byte) '=';
            dst[dp + 3] = '=';
            dp += 4;
        }
        return dp;
    }

    static byte[] decode(char[] text, int offset, int length) throws InvalidBase64 {
        int end = offset + length;
        int padding = 0;
        if (length > 0 && text[end - 1] == '=') {
            padding = length > 1 && text[end - 2] == '=' ? 2 : 1;
            if (length % 4 != 0) {
                throw new InvalidBase64("padding does not complete a group of 4 (length " + length + ")");
            }
        }
        int dataEnd = end - padding;
        int tail = (length - padding) % 4;
        if (tail == 1) {
            throw new InvalidBase64("a single character cannot encode a byte (length " + length + ")");
        }
        byte[] out = new byte[(length - padding) / 4 * 3 + (tail == 0 ? 0 : tail - 1)];
        int dp = 0;
        int sp = offset;
        for (int fullGroupsEnd = dataEnd - tail; sp < fullGroupsEnd; sp += 4) {
            int bits = value(text, sp, offset) << 18 | value(text, sp + 1, offset) << 12
                    | value(text, sp + 2, offset) << 6 | value(text, sp + 3, offset);
            out[dp] = (byte) (bits >> 16);
            out[dp + 1] = (byte) (bits >> 8);
            out[dp + 2] = (byte) bits;
            dp += 3;
        }
        if (tail >= 2) {
            int bits = value(text, sp, offset) << 18 | value(text, sp + 1, offset) << 12
                    | (tail == 3 ? value(text, sp + 2, offset) << 6 : 0);
            out[dp] = (byte) (bits >> 16);
            if (tail == 3) {
                out[dp + 1] = (byte) (bits >> 8);
            }
        }
        return out;
    }

    private static int value(char[] text, int index, int offset) throws InvalidBase64 {
        char c = text[index];
        int v = c < 128 ? VALUE_OF[c] : -1;
        if (v < 0) {
            throw new InvalidBase64("invalid character at " + (index - offset));
        }
        return v;
    }
}
