package dev.callbridge.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Turns a well-formed JSON message into a plausible wrong one, from a seeded {@link Random} so a
 * failure reproduces: values of the wrong type, huge and odd numbers, missing or extra fields,
 * truncation, garbled characters, deep nesting. For abuse tests of the entry points that read JSON.
 */
public final class JsonMutator {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final Random random;

    public JsonMutator(Random random) {
        this.random = random;
    }

    /** One to three mutations of {@code json}. */
    public String mutate(String json) {
        String out = json;
        for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) out = mutateOnce(out);
        return out;
    }

    private String mutateOnce(String json) {
        return switch (random.nextInt(12)) {
            case 0 -> json.substring(0, random.nextInt(json.length() + 1)); // truncated
            case 1 -> garble(json);
            case 2 -> "[".repeat(2000) + "]".repeat(2000); // deeper than any parser's limit
            case 3 -> json.replaceFirst("\\d+", "9".repeat(1 + random.nextInt(2000))); // a number of any length
            case 4 -> randomValue(0).toString(); // not the message at all
            default -> mutateTree(json);
        };
    }

    private String garble(String json) {
        StringBuilder b = new StringBuilder(json);
        for (int i = 0, n = 1 + random.nextInt(4); i < n && !b.isEmpty(); i++) {
            int at = random.nextInt(b.length());
            char c = switch (random.nextInt(4)) {
                case 0 -> (char) random.nextInt(0x20);           // control characters
                case 1 -> "{}[]\",:\\".charAt(random.nextInt(8)); // structure
                case 2 -> (char) (0x80 + random.nextInt(0x700));  // non-ASCII
                default -> (char) (0x20 + random.nextInt(0x5f));
            };
            b.setCharAt(at, c);
        }
        return b.toString();
    }

    private String mutateTree(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (Exception e) {
            return garble(json);
        }
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        if (containers.isEmpty()) return randomValue(0).toString();
        JsonNode target = containers.get(random.nextInt(containers.size()));
        if (target instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            String name = names.isEmpty() ? "x" : names.get(random.nextInt(names.size()));
            switch (random.nextInt(4)) {
                case 0 -> o.remove(name);
                case 1 -> o.set(randomString(), randomValue(0));
                default -> o.set(name, randomValue(0));
            }
        } else if (target instanceof ArrayNode a) {
            if (!a.isEmpty() && random.nextBoolean()) a.set(random.nextInt(a.size()), randomValue(0));
            else a.add(randomValue(0));
        }
        return root.toString();
    }

    private static void collect(JsonNode node, List<JsonNode> into) {
        if (node.isContainerNode()) {
            into.add(node);
            node.forEach(child -> collect(child, into));
        }
    }

    /** A value of any JSON type, including the awkward ones. */
    public JsonNode randomValue(int depth) {
        return switch (random.nextInt(depth > 2 ? 10 : 13)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(random.nextLong());
            case 3 -> NODES.numberNode(new java.math.BigInteger("9".repeat(1 + random.nextInt(60))));
            case 4 -> NODES.numberNode(random.nextBoolean() ? Double.MAX_VALUE : -Double.MIN_VALUE);
            case 5 -> NODES.numberNode(-1);
            case 6 -> NODES.textNode("");
            case 7 -> NODES.textNode(randomString());
            case 8 -> NODES.textNode("x".repeat(random.nextInt(20_000)));
            case 9 -> NODES.textNode("\u0000\uffff\ud83d\ude00 é");
            case 10 -> {
                ArrayNode a = NODES.arrayNode();
                for (int i = random.nextInt(4); i > 0; i--) a.add(randomValue(depth + 1));
                yield a;
            }
            default -> {
                ObjectNode o = NODES.objectNode();
                for (int i = random.nextInt(4); i > 0; i--) o.set(randomString(), randomValue(depth + 1));
                yield o;
            }
        };
    }

    private String randomString() {
        StringBuilder b = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) b.append((char) (0x20 + random.nextInt(0x5f)));
        return b.toString();
    }
}
