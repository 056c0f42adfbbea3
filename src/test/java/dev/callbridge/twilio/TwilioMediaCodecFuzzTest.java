package dev.callbridge.twilio;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Decoding, in either direction (as read from Twilio, as sent to it), must end in a message or a
 * {@link TwilioProtocolException} for any input, and whatever it accepts must survive encode →
 * decode unchanged. ~100k inputs: random bytes, mutations of real messages (each optional field
 * present or not) and random JSON built from the fields the codec looks at. Fixed seed so
 * failures reproduce; {@code -Dfuzz.seed=N} explores others.
 */
class TwilioMediaCodecFuzzTest {
    private static final long SEED = Long.getLong("fuzz.seed", 20261121L);
    private static final TwilioMediaCodec codec = new TwilioMediaCodec();
    private static final String[] EVENTS = {"connected", "start", "media", "dtmf", "mark", "stop", "clear", "hangup", ""};
    private static final String[] FIELDS = {"event", "sequenceNumber", "streamSid", "protocol", "version", "start",
        "media", "dtmf", "mark", "stop", "accountSid", "callSid", "tracks", "customParameters", "mediaFormat",
        "encoding", "sampleRate", "channels", "track", "chunk", "timestamp", "payload", "digit", "name", "other"};
    private static final String[] SNIPPETS = {"null", "0", "-1", "1.5", "1e999", "99999999999999999999", "true",
        "\"\"", "\"1\"", "\"x\"", "\"AAAA\"", "\"A===\"", "{}", "[]", "[\"inbound\"]", "{\"a\":\"b\"}", "\"\\u0000\"",
        "\"\\ud800\"", "\"\\\"", "{\"", "[", "]", "}", ":", ",", "\"event\":\"media\"", "\"sequenceNumber\":\"1\""};

    private static final Pattern ESCAPED_SURROGATE = Pattern.compile("\\\\u[dD][89a-fA-F]");

    private final SplittableRandom random = new SplittableRandom(SEED);
    private int accepted;

    @Test
    void randomBytesNeverEscapeAsAnythingButProtocolErrors() {
        byte[] jsonish = "{}[]\":,.-+0123456789eEtrufalsn \\/u\"AZaz=".getBytes(UTF_8);
        for (int i = 0; i < 20_000; i++) {
            byte[] input = new byte[random.nextInt(200)];
            for (int j = 0; j < input.length; j++) {
                input[j] = random.nextInt(4) == 0 ? (byte) random.nextInt(256) : jsonish[random.nextInt(jsonish.length)];
            }
            check(input);
        }
    }

    @Test
    void mutatedRealMessagesNeverEscapeAsAnythingButProtocolErrors() {
        for (int i = 0; i < 50_000; i++) {
            byte[] input = codec.encode(randomMessage(random));
            for (int mutations = 1 + random.nextInt(3); mutations > 0; mutations--) {
                input = mutate(input);
            }
            check(input);
        }
        // Proves the mutations leave many inputs decodable, so the round-trip check has work to do.
        assertThat(accepted).isGreaterThan(2_000);
    }

    @Test
    void randomObjectsOfKnownFieldsNeverEscapeAsAnythingButProtocolErrors() {
        for (int i = 0; i < 30_000; i++) {
            check(randomObject(0).getBytes(UTF_8));
        }
        assertThat(accepted).isGreaterThan(0);
    }

    @Test
    void everyEncodedMessageIsValidJsonAndDecodesToItself() throws Exception {
        ObjectMapper strictJson = new ObjectMapper();
        for (int i = 0; i < 10_000; i++) {
            TwilioMessage message = randomMessage(random);
            byte[] json = codec.encode(message);
            boolean survives = message instanceof TwilioMessage.FromTwilio
                    ? codec.decodeFromTwilio(json).equals(message) && codec.decodeFromTwilio(new String(json, UTF_8)).equals(message)
                    : codec.decodeToTwilio(new String(json, UTF_8)).equals(message);
            if (!strictJson.readTree(json).get("event").asText().equals(message.event()) || !survives) {
                fail("%s did not survive encoding as %s", message, new String(json, UTF_8));
            }
        }
    }

    /** The property every input must satisfy, in both directions; the input is printed so a failure can be replayed. */
    private void check(byte[] input) {
        checkFromTwilio(input);
        checkToTwilio(input);
    }

    private void checkToTwilio(byte[] input) {
        String text = utf8(input);
        if (text == null) {
            return;
        }
        TwilioMessage decoded;
        try {
            decoded = codec.decodeToTwilio(text);
        } catch (TwilioProtocolException e) {
            if (e.kind() == null || e.getMessage().isBlank()) {
                fail("exception without kind or message: %s", e);
            }
            return;
        } catch (Throwable t) {
            throw new AssertionError("decodeToTwilio threw " + t + " for " + text, t);
        }
        byte[] encoded = codec.encode(decoded);
        if (!Arrays.equals(codec.encode(codec.decodeToTwilio(new String(encoded, UTF_8))), encoded)) {
            fail("round trip changed %s", decoded);
        }
    }

    private void checkFromTwilio(byte[] input) {
        TwilioMessage fromBytes;
        try {
            fromBytes = codec.decodeFromTwilio(input);
        } catch (TwilioProtocolException e) {
            // Plain checks in the loops: AssertJ per case would dominate the run time.
            if (e.kind() == null || e.getMessage().isBlank()) {
                fail("exception without kind or message: %s", e);
            }
            assertSameOutcomeAsString(input, e);
            return;
        } catch (Throwable t) {
            throw new AssertionError("decode threw " + t + " for hex " + HexFormat.of().formatHex(input), t);
        }
        accepted++;
        // Byte-level fixpoint rather than record equality: decoded text may hold lone surrogates,
        // which encoding turns into U+FFFD once (see TwilioMediaCodecTest).
        byte[] encoded = codec.encode(fromBytes);
        if (!Arrays.equals(codec.encode(codec.decodeFromTwilio(encoded)), encoded)) {
            fail("round trip changed %s", fromBytes);
        }
        assertSameOutcomeAsString(input, fromBytes);
    }

    private static String utf8(byte[] input) {
        try {
            return UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(input)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** decodeFromTwilio(String) must agree with decodeFromTwilio(byte[]) whenever the bytes are valid UTF-8. */
    private static void assertSameOutcomeAsString(byte[] input, Object bytesOutcome) {
        String text = utf8(input);
        if (text == null) {
            return;
        }
        if (ESCAPED_SURROGATE.matcher(text).find()) {
            return; // Jackson's byte parser rejects an escaped lone surrogate in a field name; its char parser does not
        }
        Object stringOutcome;
        try {
            stringOutcome = codec.decodeFromTwilio(text);
        } catch (TwilioProtocolException e) {
            stringOutcome = e;
        } catch (Throwable t) {
            throw new AssertionError("decode(String) threw " + t + " for " + text, t);
        }
        if (bytesOutcome instanceof TwilioProtocolException b) {
            if (!(stringOutcome instanceof TwilioProtocolException s) || s.kind() != b.kind()) {
                fail("bytes gave %s but String gave %s for %s", b, stringOutcome, text);
            }
        } else if (!bytesOutcome.equals(stringOutcome)) {
            fail("bytes gave %s but String gave %s for %s", bytesOutcome, stringOutcome, text);
        }
    }

    private byte[] mutate(byte[] in) {
        if (in.length == 0) {
            return new byte[] {(byte) random.nextInt(256)};
        }
        int at = random.nextInt(in.length);
        return switch (random.nextInt(6)) {
            case 0 -> { // flip one byte
                byte[] out = in.clone();
                out[at] = (byte) random.nextInt(256);
                yield out;
            }
            case 1 -> Arrays.copyOf(in, at); // truncate
            case 2 -> splice(in, at, Math.min(in.length, at + 1 + random.nextInt(8)), new byte[0]); // delete
            case 3 -> splice(in, at, at, Arrays.copyOfRange(in, random.nextInt(in.length), in.length)); // duplicate
            case 4 -> splice(in, at, Math.min(in.length, at + random.nextInt(6)), // replace with a JSON-ish snippet
                    SNIPPETS[random.nextInt(SNIPPETS.length)].getBytes(UTF_8));
            default -> replaceAValue(in);
        };
    }

    /** Swaps the value after some {@code ":} for a snippet, keeping the document shaped like JSON. */
    private byte[] replaceAValue(byte[] in) {
        String s = new String(in, UTF_8);
        int colon = s.indexOf("\":", random.nextInt(s.length()));
        if (colon < 0) {
            return in;
        }
        int valueStart = colon + 2;
        int valueEnd = valueStart;
        if (valueEnd < s.length() && s.charAt(valueEnd) == '"') {
            valueEnd = s.indexOf('"', valueEnd + 1) + 1;
        } else {
            while (valueEnd < s.length() && ",}]".indexOf(s.charAt(valueEnd)) < 0) {
                valueEnd++;
            }
        }
        if (valueEnd <= valueStart) {
            return in;
        }
        return (s.substring(0, valueStart) + SNIPPETS[random.nextInt(SNIPPETS.length)] + s.substring(valueEnd))
                .getBytes(UTF_8);
    }

    private static byte[] splice(byte[] in, int from, int to, byte[] insert) {
        byte[] out = new byte[in.length - (to - from) + insert.length];
        System.arraycopy(in, 0, out, 0, from);
        System.arraycopy(insert, 0, out, from, insert.length);
        System.arraycopy(in, to, out, from + insert.length, in.length - to);
        return out;
    }

    private String randomObject(int depth) {
        StringBuilder json = new StringBuilder("{");
        if (random.nextInt(4) != 0) {
            json.append("\"event\":\"").append(EVENTS[random.nextInt(EVENTS.length)]).append('"');
        }
        for (int n = random.nextInt(8); n > 0; n--) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"').append(FIELDS[random.nextInt(FIELDS.length)]).append("\":");
            json.append(depth < 3 && random.nextInt(3) == 0 ? randomObject(depth + 1)
                    : SNIPPETS[random.nextInt(17)]); // only the well-formed snippets
        }
        return json.append('}').toString();
    }

    /** Twilio's messages with each optional field present or not, as Twilio may send them. */
    static TwilioMessage randomMessage(SplittableRandom random) {
        String sid = random.nextInt(4) == 0 ? randomText(random) : "MZ" + Long.toHexString(random.nextLong());
        long seq = optional(random, random.nextInt(10) == 0 ? random.nextLong(1_000_000_000_000_000_000L) : random.nextInt(100_000));
        byte[] payload = new byte[random.nextInt(10) == 0 ? random.nextInt(2000) : 160];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) random.nextInt(256);
        }
        String optionalSid = optional(random, sid);
        return switch (random.nextInt(9)) {
            case 0 -> new TwilioMessage.Connected(optional(random, randomText(random)), optional(random, randomText(random)));
            case 1 -> {
                List<String> tracks = new ArrayList<>();
                Map<String, String> parameters = new LinkedHashMap<>();
                for (int n = random.nextInt(3); n > 0; n--) {
                    tracks.add(randomText(random));
                    parameters.put(randomText(random), randomText(random));
                }
                yield new TwilioMessage.Start(seq, sid, optional(random, randomText(random)), optional(random, randomText(random)),
                        tracks, parameters, randomText(random), random.nextInt(Integer.MAX_VALUE), random.nextInt(8));
            }
            case 2 -> new TwilioMessage.Media(seq, optionalSid, optional(random, randomText(random)),
                    optional(random, random.nextInt(1_000_000)), optional(random, random.nextLong(1L << 40)), payload);
            case 3 -> new TwilioMessage.Dtmf(seq, optionalSid, optional(random, randomText(random)),
                    "0123456789*#ABCD".charAt(random.nextInt(16)));
            case 4 -> new TwilioMessage.Mark(seq, optionalSid, randomText(random));
            case 5 -> new TwilioMessage.Stop(seq, optionalSid, optional(random, randomText(random)), optional(random, randomText(random)));
            case 6 -> new TwilioMessage.OutMedia(sid, payload);
            case 7 -> new TwilioMessage.OutMark(sid, randomText(random));
            default -> new TwilioMessage.Clear(sid);
        };
    }

    private static String optional(SplittableRandom random, String value) {
        return random.nextInt(4) == 0 ? null : value;
    }

    private static long optional(SplittableRandom random, long value) {
        return random.nextInt(4) == 0 ? TwilioMessage.ABSENT : value;
    }

    /** Short well-formed strings mixing ASCII, JSON-special, control, multi-byte and astral chars. */
    static String randomText(SplittableRandom random) {
        char[] pool = {'a', 'Z', '0', '-', '"', '\\', '/', '\n', '\u0000', '\u001f', '\u007f', 'é', '€', '\uffff', ' '};
        StringBuilder s = new StringBuilder();
        for (int n = random.nextInt(12); n > 0; n--) {
            if (random.nextInt(8) == 0) {
                s.append("😀");
            } else {
                s.append(pool[random.nextInt(pool.length)]);
            }
        }
        return s.toString();
    }
}
