package dev.callbridge.asterisk;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads ARI's JSON (event bodies and REST answers) into the models. Pure. Every problem is an
 * {@link AriProtocolException} whose message starts with {@code what} (the event type or the
 * REST answer) and names the field path, e.g. {@code StasisStart: channel.id is missing}.
 */
final class AriModelReader {
    // Thread-safe once configured, and never reconfigured: a constant, not shared state.
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS) // "{…} junk" is not one event
            .build();

    private final String what;

    AriModelReader(String what) {
        this.what = what;
    }

    static JsonNode parse(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || node.isMissingNode()) throw new AriProtocolException("empty input, not JSON");
            return node;
        } catch (IOException e) {
            throw new AriProtocolException("not JSON: " + firstLine(e.getMessage()), e);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // Jackson reports some internal limits (nesting depth, number length) this way.
            throw new AriProtocolException("rejected by the JSON parser: " + firstLine(e.getMessage()), e);
        }
    }

    /** The {@code message} of an ARI error body, or null when the body has none. */
    static String errorMessage(String body) {
        try {
            JsonNode message = JSON.readTree(body).path("message");
            return message.isTextual() ? message.asText() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    AriChannel channel(JsonNode parent, String field) {
        return channelObject(object(parent, field), field + ".");
    }

    /** A channel that may be absent or JSON null. */
    AriChannel optionalChannel(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        return node == null || node.isNull() ? null : channel(parent, field);
    }

    AriBridge bridge(JsonNode parent, String field) {
        return bridgeObject(object(parent, field), field + ".");
    }

    /** A top-level bridge object, as REST answers carry it. */
    AriBridge bridge(JsonNode node) {
        if (!node.isObject()) throw problem("the bridge is not a JSON object");
        return bridgeObject(node, "");
    }

    private AriBridge bridgeObject(JsonNode node, String at) {
        JsonNode channels = node.get("channels");
        List<String> ids = new ArrayList<>();
        if (channels != null && !channels.isNull()) {
            if (!channels.isArray()) throw problem(at + "channels is not an array");
            for (JsonNode id : channels) {
                if (!id.isTextual()) throw problem(at + "channels holds a non-string");
                ids.add(id.asText());
            }
        }
        return new AriBridge(string(node, "id", at), optionalString(node, "technology", at),
                optionalString(node, "bridge_type", at), ids);
    }

    /** A top-level channel object, as REST answers carry it. */
    AriChannel channel(JsonNode node) {
        if (!node.isObject()) throw problem("the channel is not a JSON object");
        return channelObject(node, "");
    }

    /** {@code GET /channels}: an array of channels. */
    List<AriChannel> channels(JsonNode node) {
        if (!node.isArray()) throw problem("not a JSON array");
        List<AriChannel> out = new ArrayList<>(node.size());
        for (JsonNode item : node) out.add(channel(item));
        return out;
    }

    /** {@code GET /bridges}: an array of bridges. */
    List<AriBridge> bridges(JsonNode node) {
        if (!node.isArray()) throw problem("not a JSON array");
        List<AriBridge> out = new ArrayList<>(node.size());
        for (JsonNode item : node) out.add(bridge(item));
        return out;
    }

    List<String> strings(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) throw problem(field + " is missing");
        if (!node.isArray()) throw problem(field + " is not an array");
        List<String> out = new ArrayList<>(node.size());
        for (JsonNode item : node) {
            if (!item.isTextual()) throw problem(field + " holds a non-string");
            out.add(item.asText());
        }
        return out;
    }

    String string(JsonNode parent, String field, String at) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) throw problem(at + field + " is missing");
        if (!node.isTextual()) throw problem(at + field + " is not a string");
        return node.asText();
    }

    String optionalString(JsonNode parent, String field, String at) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) return "";
        if (!node.isTextual()) throw problem(at + field + " is not a string");
        return node.asText();
    }

    int integer(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) throw problem(field + " is missing");
        return intValue(node, field);
    }

    /** An optional integer; {@code absent} when missing or null. */
    int optionalInteger(JsonNode parent, String field, int absent) {
        JsonNode node = parent.get(field);
        return node == null || node.isNull() ? absent : intValue(node, field);
    }

    long longValue(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) throw problem(field + " is missing");
        if (!node.isIntegralNumber() || !node.canConvertToLong()) throw problem(field + " is not an integer");
        return node.asLong();
    }

    boolean optionalBoolean(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) return false;
        if (!node.isBoolean()) throw problem(field + " is not a boolean");
        return node.asBoolean();
    }

    AriProtocolException problem(String detail) {
        return new AriProtocolException(what + ": " + detail);
    }

    private int intValue(JsonNode node, String field) {
        if (!node.isIntegralNumber() || !node.canConvertToInt()) throw problem(field + " is not an integer");
        return node.asInt();
    }

    private JsonNode object(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) throw problem(field + " is missing");
        if (!node.isObject()) throw problem(field + " is not an object");
        return node;
    }

    private AriChannel channelObject(JsonNode node, String at) {
        return new AriChannel(string(node, "id", at), string(node, "name", at), string(node, "state", at),
                optionalString(node, "protocol_id", at), callerId(node, "caller", at), callerId(node, "connected", at),
                dialplan(node, at), optionalString(node, "creationtime", at), optionalString(node, "language", at),
                channelvars(node, at));
    }

    private AriChannel.CallerId callerId(JsonNode channel, String field, String at) {
        JsonNode node = channel.get(field);
        if (node == null || node.isNull()) return AriChannel.CallerId.NONE;
        if (!node.isObject()) throw problem(at + field + " is not an object");
        String path = at + field + ".";
        return new AriChannel.CallerId(optionalString(node, "name", path), optionalString(node, "number", path));
    }

    private AriChannel.Dialplan dialplan(JsonNode channel, String at) {
        JsonNode node = channel.get("dialplan");
        if (node == null || node.isNull()) return AriChannel.Dialplan.NONE;
        if (!node.isObject()) throw problem(at + "dialplan is not an object");
        String path = at + "dialplan.";
        JsonNode priority = node.get("priority");
        long prio = 0;
        if (priority != null && !priority.isNull()) {
            if (!priority.isIntegralNumber() || !priority.canConvertToLong()) throw problem(path + "priority is not an integer");
            prio = priority.asLong();
        }
        return new AriChannel.Dialplan(optionalString(node, "context", path), optionalString(node, "exten", path), prio,
                optionalString(node, "app_name", path), optionalString(node, "app_data", path));
    }

    private Map<String, String> channelvars(JsonNode channel, String at) {
        JsonNode node = channel.get("channelvars");
        if (node == null || node.isNull()) return Map.of();
        if (!node.isObject()) throw problem(at + "channelvars is not an object");
        Map<String, String> vars = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isTextual()) throw problem(at + "channelvars." + e.getKey() + " is not a string");
            vars.put(e.getKey(), e.getValue().asText());
        }
        return vars;
    }

    private static String firstLine(String message) {
        if (message == null) return "(no detail)";
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
