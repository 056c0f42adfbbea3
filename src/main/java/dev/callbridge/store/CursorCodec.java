package dev.callbridge.store;

import dev.callbridge.call.CallStore.Cursor;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * The opaque {@code cursor} of {@code GET /api/calls}: base64url of {@code createdAt id}.
 * Opaque so clients cannot build one, and so the encoding may change without breaking them.
 */
final class CursorCodec {
    private CursorCodec() {}

    static String encode(Cursor cursor) {
        String plain = cursor.createdAt() + " " + cursor.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws IllegalArgumentException when {@code text} is not a cursor this codec made */
    static Cursor decode(String text) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            int space = plain.indexOf(' ');
            if (space < 0 || space == plain.length() - 1) throw new IllegalArgumentException("no id");
            return new Cursor(Instant.parse(plain.substring(0, space)), plain.substring(space + 1));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IllegalArgumentException("malformed cursor '" + text + "'", e);
        }
    }
}
