package dev.callbridge.engine.openai;

import static dev.callbridge.engine.openai.RealtimeProtocolException.Kind.BAD_JSON;
import static dev.callbridge.engine.openai.RealtimeProtocolException.Kind.MISSING_FIELD;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.engine.openai.RealtimeServerEvent.ErrorDetails;
import dev.callbridge.engine.openai.RealtimeServerEvent.RateLimit;
import dev.callbridge.engine.openai.RealtimeServerEvent.Usage;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the nested objects of rare server events (items, responses, errors, rate limits) from
 * Jackson trees. These arrive a few times per turn, not per audio chunk, so the tree model's
 * convenience costs nothing that matters. Unknown fields are ignored; JSON null counts as absent.
 * {@code where} is the event type, so every exception message names event and field.
 */
final class ServerObjectReader {
    private static final long ABSENT = -1;

    private ServerObjectReader() {}

    static RealtimeItem item(JsonNode item, String where, String path) {
        requireObject(item, where, path);
        List<RealtimeItem.ContentPart> content = new ArrayList<>();
        JsonNode parts = item.get("content");
        if (parts != null && !parts.isNull()) {
            if (!parts.isArray()) {
                throw wrongType(where, path + ".content", "an array", parts);
            }
            for (int i = 0; i < parts.size(); i++) {
                String partPath = path + ".content[" + i + "]";
                JsonNode part = parts.get(i);
                requireObject(part, where, partPath);
                content.add(new RealtimeItem.ContentPart(requireText(part, "type", where, partPath),
                        text(part, "text", where, partPath), text(part, "transcript", where, partPath)));
            }
        }
        return new RealtimeItem(text(item, "id", where, path), requireText(item, "type", where, path),
                text(item, "role", where, path), text(item, "status", where, path),
                text(item, "call_id", where, path), text(item, "name", where, path),
                text(item, "arguments", where, path), text(item, "output", where, path), content);
    }

    static List<RealtimeItem> items(JsonNode array, String where, String path) {
        if (array == null || array.isNull()) {
            return List.of();
        }
        if (!array.isArray()) {
            throw wrongType(where, path, "an array", array);
        }
        List<RealtimeItem> items = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            items.add(item(array.get(i), where, path + "[" + i + "]"));
        }
        return items;
    }

    static ErrorDetails error(JsonNode error, String where, String path) {
        requireObject(error, where, path);
        return new ErrorDetails(text(error, "type", where, path), text(error, "code", where, path),
                text(error, "message", where, path), text(error, "param", where, path),
                text(error, "event_id", where, path));
    }

    /** {@code null} when the event carries no usage. */
    static Usage usage(JsonNode usage, String where, String path) {
        if (usage == null || usage.isNull()) {
            return null;
        }
        requireObject(usage, where, path);
        return new Usage(integer(usage, "total_tokens", where, path), integer(usage, "input_tokens", where, path),
                integer(usage, "output_tokens", where, path));
    }

    static List<RateLimit> rateLimits(JsonNode array, String where) {
        if (array == null || array.isNull()) {
            return List.of();
        }
        if (!array.isArray()) {
            throw wrongType(where, "rate_limits", "an array", array);
        }
        List<RateLimit> limits = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            String path = "rate_limits[" + i + "]";
            JsonNode limit = array.get(i);
            requireObject(limit, where, path);
            limits.add(new RateLimit(text(limit, "name", where, path), integer(limit, "limit", where, path),
                    integer(limit, "remaining", where, path), decimal(limit, "reset_seconds", where, path)));
        }
        return limits;
    }

    static void requireObject(JsonNode node, String where, String path) {
        if (node == null || node.isNull()) {
            throw new RealtimeProtocolException(MISSING_FIELD, where + ": " + path + " is missing");
        }
        if (!node.isObject()) {
            throw wrongType(where, path, "an object", node);
        }
    }

    /** {@code null} when absent or JSON null. */
    static String text(JsonNode parent, String name, String where, String path) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw wrongType(where, path + "." + name, "a string", node);
        }
        return node.textValue();
    }

    static String requireText(JsonNode parent, String name, String where, String path) {
        String value = text(parent, name, where, path);
        if (value == null) {
            throw new RealtimeProtocolException(MISSING_FIELD, where + ": " + path + "." + name + " is missing");
        }
        return value;
    }

    private static long integer(JsonNode parent, String name, String where, String path) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            return ABSENT;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw wrongType(where, path + "." + name, "a 64-bit integer", node);
        }
        return node.longValue();
    }

    private static double decimal(JsonNode parent, String name, String where, String path) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            return ABSENT;
        }
        if (!node.isNumber()) {
            throw wrongType(where, path + "." + name, "a number", node);
        }
        return node.doubleValue();
    }

    private static RealtimeProtocolException wrongType(String where, String path, String expected, JsonNode actual) {
        return new RealtimeProtocolException(BAD_JSON,
                where + ": " + path + " should be " + expected + ", was " + actual.getNodeType());
    }
}
