package dev.callbridge.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Decoding ends in an event or an {@link AriProtocolException} for any input: random text and
 * mutations of the captured events. Fixed seed so failures reproduce; {@code -Dfuzz.seed=N}
 * explores others.
 */
class AriEventCodecFuzzTest {
    private static final long SEED = Long.getLong("fuzz.seed", 20261121L);
    private static final String[] SNIPPETS = {"null", "0", "-1", "1.5", "1e999", "99999999999999999999", "true",
        "\"\"", "\"x\"", "{}", "[]", "[null]", "\"\\u0000\"", "\"\\ud800\"", "{\"", "[", "]", "}", ":", ","};

    private final AriEventCodec codec = new AriEventCodec();
    private final SplittableRandom random = new SplittableRandom(SEED);
    private int decoded;

    @Test
    void randomTextNeverEscapesAsAnythingButProtocolErrors() {
        String jsonish = "{}[]\":,.-+0123456789eEtrufalsn \\/u\"typeStasisStartchannelid";
        for (int i = 0; i < 5_000; i++) {
            StringBuilder input = new StringBuilder();
            for (int j = random.nextInt(120); j > 0; j--) {
                input.append(random.nextInt(6) == 0 ? (char) random.nextInt(0x10000)
                        : jsonish.charAt(random.nextInt(jsonish.length())));
            }
            check(input.toString());
        }
    }

    @Test
    void mutatedCapturesNeverEscapeAsAnythingButProtocolErrors() {
        List<String> lines = AriFixtures.allEventLines();
        for (int i = 0; i < 20_000; i++) {
            String input = lines.get(random.nextInt(lines.size()));
            for (int m = 1 + random.nextInt(3); m > 0; m--) input = mutate(input);
            check(input);
        }
        // Many mutants still decode, so the fuzzing reaches past the parser into the event builders.
        assertThat(decoded).isGreaterThan(2_000);
    }

    private String mutate(String s) {
        if (s.isEmpty()) return SNIPPETS[random.nextInt(SNIPPETS.length)];
        int at = random.nextInt(s.length());
        return switch (random.nextInt(4)) {
            case 0 -> s.substring(0, at) + s.substring(Math.min(s.length(), at + 1 + random.nextInt(20)));
            case 1 -> s.substring(0, at) + SNIPPETS[random.nextInt(SNIPPETS.length)] + s.substring(at);
            case 2 -> replaceValue(s);
            default -> s.substring(0, at) + (char) (32 + random.nextInt(95)) + s.substring(at + 1);
        };
    }

    /** Replaces the value after a random {@code ":"} with a snippet, keeping the rest intact. */
    private String replaceValue(String s) {
        int colon = s.indexOf("\":", random.nextInt(s.length()));
        if (colon < 0) return s;
        int start = colon + 2;
        int end = start;
        while (end < s.length() && s.charAt(end) != ',' && s.charAt(end) != '}') end++;
        return s.substring(0, start) + SNIPPETS[random.nextInt(SNIPPETS.length)] + s.substring(end);
    }

    private void check(String input) {
        try {
            AriEvent event = codec.decode(input);
            assertThat(event.type()).isNotNull();
            decoded++;
        } catch (AriProtocolException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        } catch (RuntimeException e) {
            fail("decode threw " + e + " for: " + input, e);
        }
    }
}
