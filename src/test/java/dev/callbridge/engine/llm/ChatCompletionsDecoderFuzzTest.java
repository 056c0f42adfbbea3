package dev.callbridge.engine.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The decoder is pure and cut-proof: for streams in every dialect the fake speaks, feeding the
 * bytes cut at random points gives exactly what feeding them whole gives; and for garbage
 * (random bytes, and valid streams with bytes flipped, cut short or spliced) it yields events or
 * its own {@link ChatProtocolException}, never another exception. Fixed seed so failures reproduce;
 * {@code -Dfuzz.seed=N} explores others.
 */
class ChatCompletionsDecoderFuzzTest {
    private static final long SEED = Long.getLong("fuzz.seed", 20261121L);
    private final Random random = new Random(SEED);

    /** A valid stream, rendered as the fake would, with text, interleaved tool calls, usage and odd characters. */
    private String stream(long seed) {
        Random r = new Random(seed);
        boolean crlf = r.nextBoolean();
        boolean space = r.nextBoolean();
        String eol = crlf ? "\r\n" : "\n";
        StringBuilder s = new StringBuilder();
        List<String> payloads = new ArrayList<>();
        if (r.nextBoolean()) payloads.add("{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}");
        String[] words = {"Hello", " wörld", " 🙂", " \\\"quoted\\\"", " \\n", " 日本", " ok"};
        for (int i = 0, n = r.nextInt(8); i < n; i++) {
            payloads.add("{\"id\":\"c\",\"system_fingerprint\":\"fp\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\""
                    + words[r.nextInt(words.length)] + "\"},\"finish_reason\":null}],\"usage\":null}");
        }
        int calls = r.nextInt(3);
        for (int c = 0; c < calls; c++) {
            payloads.add("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":" + c + ",\"id\":\"call_" + c
                    + "\",\"type\":\"function\",\"function\":{\"name\":\"f" + c + "\",\"arguments\":\"\"}}]}}]}");
        }
        for (int i = 0, n = calls == 0 ? 0 : r.nextInt(6); i < n; i++) {
            payloads.add("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":" + r.nextInt(calls)
                    + ",\"function\":{\"arguments\":\"{\\\"k\\\":" + i + "}\"}}]}}]}");
        }
        payloads.add("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"" + (calls > 0 ? "tool_calls" : "stop") + "\"}]}");
        if (r.nextBoolean()) payloads.add("{\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":4,\"total_tokens\":13}}");
        payloads.add("[DONE]");
        for (String p : payloads) {
            if (r.nextInt(4) == 0) s.append(": keep-alive").append(eol).append(eol);
            s.append(space ? "data: " : "data:").append(p).append(eol).append(eol);
        }
        return s.toString();
    }

    private static List<String> decode(byte[] bytes, int[] cuts) {
        ChatCompletionsDecoder d = new ChatCompletionsDecoder(1 << 16, 1 << 20);
        List<ChatCompletionsEvent> out = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            d.feed(bytes, from, cut - from, out);
            from = cut;
        }
        d.feed(bytes, from, bytes.length - from, out);
        d.end(out);
        return out.stream().map(Object::toString).toList();
    }

    private int[] randomCuts(int length) {
        int n = length == 0 ? 0 : random.nextInt(Math.min(length, 60) + 1);
        return random.ints(n, 0, length + 1).sorted().toArray();
    }

    @Test
    void cuttingAnywhereChangesNothing() {
        int cases = 0;
        for (long seed = 0; seed < 300; seed++) {
            byte[] bytes = stream(seed).getBytes(StandardCharsets.UTF_8);
            List<String> whole = decode(bytes, new int[0]);
            assertThat(whole.get(whole.size() - 1)).as("seed %d ends", seed).startsWith("End[");
            for (int k = 0; k < 30; k++, cases++) {
                int[] cuts = randomCuts(bytes.length);
                assertThat(decode(bytes, cuts)).as("seed %d cut at %s", seed, java.util.Arrays.toString(cuts)).isEqualTo(whole);
            }
            // Byte by byte: every CR/LF pair and every UTF-8 sequence split.
            int[] everyByte = java.util.stream.IntStream.range(1, bytes.length).toArray();
            assertThat(decode(bytes, everyByte)).isEqualTo(whole);
        }
        System.out.println("ChatCompletionsDecoderFuzzTest: " + cases + " cut streams decoded identically to whole (seed " + SEED + ")");
    }

    @Test
    void garbageOnlyEverThrowsTheProtocolException() {
        String[] snippets = {"data: ", "data:", "\n", "\r\n", "\r", ":", "[DONE]", "{", "}", "[", "]", "\"", "null", "\"choices\":",
            "\"delta\":", "\"tool_calls\":", "\"index\":", "-1", "1e400", "99999999999", "\"function\":", "\"arguments\":",
            "\"error\":", "event: error\n", "\uFEFF", "\u0000", "\"content\":", "{\"x\":1}", "true"};
        int protocol = 0;
        int fine = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = switch (i % 4) {
                case 0 -> {
                    byte[] b = new byte[random.nextInt(300)];
                    random.nextBytes(b);
                    yield b;
                }
                case 1 -> {
                    byte[] b = stream(random.nextInt(1000)).getBytes(StandardCharsets.UTF_8);
                    for (int k = 0, n = 1 + random.nextInt(5); k < n && b.length > 0; k++) b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                    yield b;
                }
                case 2 -> {
                    byte[] b = stream(random.nextInt(1000)).getBytes(StandardCharsets.UTF_8);
                    yield java.util.Arrays.copyOf(b, random.nextInt(b.length + 1));
                }
                default -> {
                    StringBuilder s = new StringBuilder();
                    for (int k = 0, n = random.nextInt(40); k < n; k++) s.append(snippets[random.nextInt(snippets.length)]);
                    yield s.toString().getBytes(StandardCharsets.UTF_8);
                }
            };
            try {
                decode(bytes, randomCuts(bytes.length));
                fine++;
            } catch (ChatProtocolException e) {
                protocol++;
            } catch (RuntimeException e) {
                fail("case " + i + " threw " + e + " for: " + new String(bytes, StandardCharsets.UTF_8));
            }
        }
        System.out.println("ChatCompletionsDecoderFuzzTest: 20000 garbage inputs, " + protocol + " refused with ChatProtocolException, "
                + fine + " read (seed " + SEED + ")");
        assertThat(protocol).isPositive();
    }
}
