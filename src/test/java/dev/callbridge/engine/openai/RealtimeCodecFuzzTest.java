package dev.callbridge.engine.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Decoding ends in an event or a {@link RealtimeProtocolException} for any input (~60k cases:
 * random text, mutations of the protocol examples, random objects of the fields the codec
 * reads), and encoding any text yields JSON that carries that text back. Fixed seed so failures
 * reproduce; {@code -Dfuzz.seed=N} explores others.
 */
class RealtimeCodecFuzzTest {
    private static final long SEED = Long.getLong("fuzz.seed", 20261121L);
    private static final RealtimeCodec codec = new RealtimeCodec();
    private static final String[] TYPES = {"session.created", "session.updated", "input_audio_buffer.speech_started",
        "input_audio_buffer.speech_stopped", "input_audio_buffer.committed", "conversation.item.added",
        "conversation.item.done", "conversation.item.created", "response.created", "response.output_audio.delta",
        "response.audio.delta", "response.output_audio.done", "response.output_audio_transcript.delta",
        "response.output_audio_transcript.done", "conversation.item.input_audio_transcription.delta",
        "conversation.item.input_audio_transcription.completed", "conversation.item.input_audio_transcription.failed",
        "response.function_call_arguments.delta", "response.function_call_arguments.done", "response.done",
        "rate_limits.updated", "error", "something.else", ""};
    private static final String[] FIELDS = {"type", "event_id", "response_id", "item_id", "previous_item_id",
        "call_id", "name", "arguments", "delta", "transcript", "output_index", "content_index", "audio_start_ms",
        "audio_end_ms", "session", "item", "response", "error", "rate_limits", "id", "status", "status_details",
        "reason", "output", "usage", "total_tokens", "content", "role", "text", "limit", "reset_seconds", "code"};
    private static final String[] SNIPPETS = {"null", "0", "-1", "1.5", "1e999", "99999999999999999999", "true",
        "\"\"", "\"x\"", "\"AAAA\"", "{}", "[]", "[{}]", "[null]", "\"\\u0000\"", "\"\\ud800\"", "\"\\\"", "{\"",
        "[", "]", "}", ":", ",", "\"type\":\"error\"", "\"id\":\"r\""};

    private final SplittableRandom random = new SplittableRandom(SEED);
    private int accepted;

    @Test
    void randomTextNeverEscapesAsAnythingButProtocolErrors() {
        String jsonish = "{}[]\":,.-+0123456789eEtrufalsn \\/u\"AZaz=_";
        for (int i = 0; i < 10_000; i++) {
            StringBuilder input = new StringBuilder();
            for (int j = random.nextInt(200); j > 0; j--) {
                input.append(random.nextInt(5) == 0 ? (char) random.nextInt(0x10000)
                        : jsonish.charAt(random.nextInt(jsonish.length())));
            }
            check(input.toString());
        }
    }

    @Test
    void mutatedProtocolExamplesNeverEscapeAsAnythingButProtocolErrors() {
        List<String> examples = examples();
        for (int i = 0; i < 30_000; i++) {
            String input = examples.get(random.nextInt(examples.size()));
            for (int mutations = 1 + random.nextInt(3); mutations > 0; mutations--) {
                input = mutate(input);
            }
            check(input);
        }
        // Proves many mutants still decode, so the fuzzing reaches past the parser into the event builders.
        assertThat(accepted).isGreaterThan(3_000);
    }

    @Test
    void randomObjectsOfKnownFieldsNeverEscapeAsAnythingButProtocolErrors() {
        for (int i = 0; i < 20_000; i++) {
            check(randomObject(0, true));
        }
        assertThat(accepted).isGreaterThan(0);
    }

    @Test
    void anyTextEncodesToJsonThatCarriesItBack() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < 5_000; i++) {
            String text = randomText();
            String encoded = codec.encode(new RealtimeClientEvent.CreateFunctionCallOutput(text, "call_" + text, text));
            var tree = json.readTree(encoded);
            assertThat(tree.get("event_id").textValue()).isEqualTo(text);
            assertThat(tree.at("/item/call_id").textValue()).isEqualTo("call_" + text);
            assertThat(tree.at("/item/output").textValue()).isEqualTo(text);
        }
    }

    private void check(String input) {
        RealtimeServerEvent event;
        try {
            event = codec.decode(input);
        } catch (RealtimeProtocolException e) {
            assertThat(e.kind()).isNotNull();
            return;
        } catch (RuntimeException | StackOverflowError e) {
            fail("decode threw " + e + " for input: " + input, e);
            return;
        }
        assertThat(event).isNotNull();
        if (event instanceof RealtimeServerEvent.Other other) {
            assertThat(other.rawJson()).isSameAs(input);
        }
        accepted++;
    }

    private static List<String> examples() {
        List<String> examples = new ArrayList<>(RealtimeFixtures.lines("voice-turn.jsonl"));
        Stream.of("session.created", "session.updated", "conversation.item.added", "conversation.item.done",
                "conversation.item.input_audio_transcription.failed", "response.function_call_arguments.done",
                "response.done", "response.done.cancelled", "rate_limits.updated", "error")
                .map(RealtimeFixtures::server).forEach(examples::add);
        return examples;
    }

    private String mutate(String s) {
        if (s.isEmpty()) {
            return SNIPPETS[random.nextInt(SNIPPETS.length)];
        }
        int at = random.nextInt(s.length());
        return switch (random.nextInt(6)) {
            case 0 -> s.substring(0, at) + s.substring(Math.min(s.length(), at + 1 + random.nextInt(8)));
            case 1 -> s.substring(0, at) + SNIPPETS[random.nextInt(SNIPPETS.length)] + s.substring(at);
            case 2 -> s.substring(0, at) + (char) random.nextInt(128) + s.substring(at + 1);
            case 3 -> s.substring(0, at);
            // Swap a value for another JSON value, keeping the document well-formed more often than not.
            case 4 -> s.replaceFirst("\"" + FIELDS[random.nextInt(FIELDS.length)] + "\":(\"[^\"]*\"|[0-9.]+|null)",
                    "\"" + FIELDS[random.nextInt(FIELDS.length)] + "\":" + value(2));
            default -> s.replaceFirst("\"type\":\"[^\"]*\"", "\"type\":\"" + TYPES[random.nextInt(TYPES.length)] + "\"");
        };
    }

    private String randomObject(int depth, boolean withType) {
        StringBuilder out = new StringBuilder("{");
        List<String> members = new ArrayList<>();
        if (withType && random.nextInt(10) > 0) {
            members.add("\"type\":\"" + TYPES[random.nextInt(TYPES.length)] + "\"");
        }
        for (int n = random.nextInt(8); n > 0; n--) {
            members.add("\"" + FIELDS[random.nextInt(FIELDS.length)] + "\":" + value(depth + 1));
        }
        java.util.Collections.shuffle(members, new java.util.Random(random.nextLong()));
        out.append(String.join(",", members));
        return out.append('}').toString();
    }

    private String value(int depth) {
        return switch (random.nextInt(depth > 3 ? 4 : 7)) {
            case 0 -> "\"" + FIELDS[random.nextInt(FIELDS.length)] + "\"";
            case 1 -> Long.toString(random.nextLong(-5, 5_000_000_000L));
            case 2 -> "null";
            case 3 -> random.nextBoolean() ? "true" : "2.5";
            case 4 -> "[" + randomObject(depth, false) + "," + randomObject(depth, false) + "]";
            case 5 -> "[" + value(depth + 1) + "]";
            default -> randomObject(depth, false);
        };
    }

    private String randomText() {
        StringBuilder out = new StringBuilder();
        for (int n = random.nextInt(30); n > 0; n--) {
            out.append((char) (random.nextInt(3) == 0 ? random.nextInt(0x20) : random.nextInt(0xD800)));
        }
        return out.toString();
    }
}
