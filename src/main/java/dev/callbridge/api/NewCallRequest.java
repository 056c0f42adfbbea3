package dev.callbridge.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.call.CallRegistry;
import dev.callbridge.call.CallStatus;
import dev.callbridge.call.Direction;
import dev.callbridge.call.E164;
import dev.callbridge.call.Provider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** A validated {@code POST /api/calls} body. Every rejection names the field. */
record NewCallRequest(String to, String from, Provider provider, String agent, String language,
                      Map<String, String> metadata, Boolean record) {
    static final int MAX_METADATA_ENTRIES = 50;
    static final int MAX_METADATA_VALUE = 1000;
    private static final Pattern LANGUAGE = Pattern.compile("[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*");
    private static final Pattern ASTERISK_TO =
            Pattern.compile("\\+?[0-9*#]{1,32}|[A-Za-z][A-Za-z0-9_]*/[^\\s,]{1,200}");
    private static final Pattern ASTERISK_FROM = Pattern.compile("\\+?[0-9]{1,32}");
    private static final Set<String> FIELDS = Set.of("to", "from", "provider", "agent", "language", "metadata", "record");

    static NewCallRequest parse(JsonNode body, CallDefaults defaults) {
        body.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) throw ApiError.badRequest(f + ": unknown field; allowed are " + FIELDS);
        });
        String providerName = text(body, "provider");
        Provider provider;
        try {
            provider = providerName == null ? Provider.TWILIO : Provider.fromWire(providerName);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("provider: must be twilio or asterisk, got '" + providerName + "'");
        }
        String to = text(body, "to");
        String from = text(body, "from");
        if (provider == Provider.ASTERISK) {
            // A dial string (PJSIP/100, PJSIP/+4930123@provider) or a number for ARI_ENDPOINT_TEMPLATE.
            if (to == null) throw ApiError.badRequest("to: required, a number like +15551230000 or a dial string like PJSIP/100");
            if (!ASTERISK_TO.matcher(to).matches()) {
                throw ApiError.badRequest("to: '" + to + "' is neither a number nor a dial string like PJSIP/100");
            }
            if (from != null && !ASTERISK_FROM.matcher(from).matches()) {
                throw ApiError.badRequest("from: '" + from + "' is not a number");
            }
        } else {
            if (to == null) throw ApiError.badRequest("to: required, an E.164 number like +15551230000");
            if (!E164.isValid(to)) throw ApiError.badRequest("to: '" + to + "' is not an E.164 number like +15551230000");
            if (from == null) from = defaults.from();
            if (from == null) throw ApiError.badRequest("from: required (or set TWILIO_PHONE_NUMBER)");
            if (!E164.isValid(from)) throw ApiError.badRequest("from: '" + from + "' is not an E.164 number");
        }
        String agent = text(body, "agent");
        if (agent == null) agent = defaults.agent();
        if (!defaults.agents().contains(agent)) {
            throw ApiError.badRequest("agent: unknown agent '" + agent + "'; available: " + defaults.agents());
        }
        String language = body.has("language") ? language(body.get("language"), false) : "en";
        return new NewCallRequest(to, from, provider, agent, language, metadata(body.get("metadata")), record(body.get("record")));
    }

    CallRegistry.NewCall toNewCall() {
        return new CallRegistry.NewCall(provider, null, Direction.OUTBOUND, from, to, CallStatus.QUEUED, agent,
                language, metadata, record);
    }

    static String language(JsonNode node, boolean required) {
        if (node == null || node.isNull()) {
            if (required) throw ApiError.badRequest("language: required, a language tag like en or pt-BR");
            return "en";
        }
        if (!node.isTextual() || !LANGUAGE.matcher(node.asText()).matches()) {
            throw ApiError.badRequest("language: must be a language tag like en or pt-BR, got " + node);
        }
        return node.asText();
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isTextual()) throw ApiError.badRequest(field + ": must be a string");
        return n.asText().strip();
    }

    /** {@code true}/{@code false} overrides {@code RECORDING} for this call; absent or null keeps the default. */
    private static Boolean record(JsonNode node) {
        if (node == null || node.isNull()) return null;
        if (!node.isBoolean()) throw ApiError.badRequest("record: must be true or false, got " + node);
        return node.booleanValue();
    }

    private static Map<String, String> metadata(JsonNode node) {
        if (node == null || node.isNull()) return Map.of();
        if (!node.isObject()) throw ApiError.badRequest("metadata: must be an object of strings");
        if (node.size() > MAX_METADATA_ENTRIES) {
            throw ApiError.badRequest("metadata: at most " + MAX_METADATA_ENTRIES + " entries, got " + node.size());
        }
        Map<String, String> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) throw ApiError.badRequest("metadata." + e.getKey() + ": must be a string");
            if (e.getValue().asText().length() > MAX_METADATA_VALUE) {
                throw ApiError.badRequest("metadata." + e.getKey() + ": longer than " + MAX_METADATA_VALUE + " characters");
            }
            out.put(e.getKey(), e.getValue().asText());
        });
        return out;
    }
}
