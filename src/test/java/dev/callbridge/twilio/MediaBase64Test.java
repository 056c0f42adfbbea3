package dev.callbridge.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Our in-place base64 must behave exactly like {@link java.util.Base64}'s basic codec. */
class MediaBase64Test {

    @Test
    void encodesLikeTheJdkAtAnyOffset() {
        SplittableRandom random = new SplittableRandom(1);
        for (int length = 0; length < 600; length++) {
            byte[] data = new byte[length];
            for (int i = 0; i < length; i++) {
                data[i] = (byte) random.nextInt(256);
            }
            int offset = random.nextInt(5);
            byte[] out = new byte[offset + MediaBase64.encodedLength(length)];
            assertThat(MediaBase64.encode(data, out, offset)).isEqualTo(out.length);
            assertThat(new String(out, offset, out.length - offset, StandardCharsets.US_ASCII))
                    .isEqualTo(Base64.getEncoder().encodeToString(data));
        }
    }

    /** Every string of up to 5 characters over an alphabet that exercises padding and junk. */
    @Test
    void acceptsAndRejectsExactlyWhatTheJdkDoesForAllShortStrings() {
        char[] alphabet = {'A', 'Q', 'z', '/', '+', '=', '-', ' ', 'é'};
        for (int length = 0; length <= 5; length++) {
            int combinations = (int) Math.pow(alphabet.length, length);
            for (int n = 0; n < combinations; n++) {
                char[] text = new char[length];
                for (int i = 0, rest = n; i < length; i++, rest /= alphabet.length) {
                    text[i] = alphabet[rest % alphabet.length];
                }
                assertSameAsJdk(text);
            }
        }
    }

    @Test
    void decodesLikeTheJdkForRandomLongerStrings() {
        SplittableRandom random = new SplittableRandom(2);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int n = 0; n < 20_000; n++) {
            char[] text = new char[random.nextInt(300)];
            for (int i = 0; i < text.length; i++) {
                text[i] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            if (text.length > 0 && random.nextInt(3) == 0) {
                text[text.length - 1] = '=';
            }
            if (text.length > 0 && random.nextInt(10) == 0) {
                text[random.nextInt(text.length)] = "=_-\n\u0100".charAt(random.nextInt(5));
            }
            assertSameAsJdk(text);
        }
    }

    @Test
    void decodesFromTheMiddleOfABuffer() throws Exception {
        char[] buffer = "xx//7/yy".toCharArray();
        assertThat(MediaBase64.decode(buffer, 2, 4)).containsExactly(-1, -2, -1);
        assertThatThrownBy(() -> MediaBase64.decode(buffer, 2, 5)).hasMessageContaining("single character");
    }

    private static void assertSameAsJdk(char[] text) {
        String s = new String(text);
        byte[] expected;
        try {
            expected = Base64.getDecoder().decode(s.getBytes(StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            expected = null;
        }
        byte[] actual;
        try {
            actual = MediaBase64.decode(text, 0, text.length);
        } catch (MediaBase64.InvalidBase64 e) {
            actual = null;
        }
        assertThat(actual).as("decoding '%s'", s).isEqualTo(expected);
    }
}
