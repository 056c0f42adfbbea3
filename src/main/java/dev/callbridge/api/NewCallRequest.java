package dev.callbridge.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.call.CallRegistry;
import dev.callbridge.call.CallStatus;
import dev.callbridge.call.Direction;
import dev.callbridge.call.Interpretation;
import dev.callbridge.call.LanguageCode;
import dev.callbridge.call.PartyAddress;
import dev.callbridge.call.Provider;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A validated {@code POST /api/calls} body. Every rejection names the field. An interpreted call
 * ({@code agent: interpreter}) has an {@code interpreter} object: party B and both languages.
 */
record NewCallRequest(String to, String from, Provider provider, String agent, String language,
                      Map<String, String> metadata, Boolean record, Interpretation interpreter) {
    static final String INTERPRETER = "interpreter";
    static final int MAX_METADATA_ENTRIES = 50;
    static final int MAX_METADATA_VALUE = 1000;
    private static final Pattern LANGUAGE = Pattern.compile("[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*");
    private static final Set<String> FIELDS = new LinkedHashSet<>(List.of("to", "from", "provider", "agent", "language", "metadata", "record",
            INTERPRETER));
    private static final Set<String> INTERPRETER_FIELDS = new LinkedHashSet<>(List.of("to", "from", "provider", "languages"));
    private static final Set<String> LANGUAGE_FIELDS = new LinkedHashSet<>(List.of("a", "b"));

    static NewCallRequest parse(JsonNode body, CallDefaults defaults) {
        knownFields(body, "", FIELDS);
        Provider provider = provider(body, "provider", Provider.TWILIO);
        String to = text(body, "to");
        String from = party("", provider, to, text(body, "from"), defaults);
        JsonNode interpreterNode = body.get(INTERPRETER);
        boolean interpreted = interpreterNode != null && !interpreterNode.isNull();
        String agent = text(body, "agent");
        if (agent == null) agent = interpreted ? INTERPRETER : defaults.agent();
        if (agent.equals(INTERPRETER) && !interpreted) {
            throw ApiError.badRequest("interpreter: required when agent is interpreter: {\"to\":…,\"languages\":{\"a\":…,\"b\":…}}");
        }
        if (interpreted && !agent.equals(INTERPRETER)) {
            throw ApiError.badRequest("agent: must be interpreter (or left out) when interpreter is given, got '" + agent + "'");
        }
        Interpretation interpreter = interpreted ? interpreter(interpreterNode, provider, defaults) : null;
        if (!defaults.agents().contains(agent)) {
            if (agent.equals(INTERPRETER)) {
                throw ApiError.badRequest("agent: interpreter is not available on this server (it needs STT, TTS and TRANSLATE engines and VAD=silero)");
            }
            throw ApiError.badRequest("agent: unknown agent '" + agent + "'; available: " + defaults.agents());
        }
        String language = body.has("language") ? language(body.get("language"), false) : "en";
        if (interpreter != null) {
            String a = interpreter.languages().a();
            if (body.has("language") && !body.get("language").isNull() && !language.equalsIgnoreCase(a)) {
                throw ApiError.badRequest("language: must be interpreter.languages.a ('" + a + "') on an interpreted call, got '" + language + "'");
            }
            language = a;
        }
        return new NewCallRequest(to, from, provider, agent, language, metadata(body.get("metadata")), record(body.get("record")), interpreter);
    }

    /**
     * Checks a party's {@code to} and {@code from} for its provider, the same rules for A and B;
     * {@code prefix} names where they are ({@code ""} or {@code "interpreter."}).
     *
     * @return the caller id to present: {@code from}, or on Twilio {@code TWILIO_PHONE_NUMBER} by default
     */
    private static String party(String prefix, Provider provider, String to, String from, CallDefaults defaults) {
        String problem = PartyAddress.problemWithTo(provider, to);
        if (problem != null) throw ApiError.badRequest(prefix + "to: " + problem);
        if (from == null && provider == Provider.TWILIO) from = defaults.from();
        problem = PartyAddress.problemWithFrom(provider, from);
        if (problem != null) throw ApiError.badRequest(prefix + "from: " + problem);
        return from;
    }

    /** Party B (dialled once A answers, on A's provider unless it says otherwise) and both languages. */
    private static Interpretation interpreter(JsonNode node, Provider callProvider, CallDefaults defaults) {
        if (!node.isObject()) throw ApiError.badRequest("interpreter: must be an object like {\"to\":…,\"languages\":{\"a\":\"en\",\"b\":\"es\"}}");
        knownFields(node, "interpreter.", INTERPRETER_FIELDS);
        Provider provider = provider(node, "interpreter.provider", callProvider);
        String to = text(node, "to", "interpreter.to");
        String from = party("interpreter.", provider, to, text(node, "from", "interpreter.from"), defaults);
        JsonNode languages = node.get("languages");
        if (languages == null || languages.isNull()) {
            throw ApiError.badRequest("interpreter.languages: required, e.g. {\"a\":\"en\",\"b\":\"es\"}");
        }
        if (!languages.isObject()) throw ApiError.badRequest("interpreter.languages: must be an object like {\"a\":\"en\",\"b\":\"es\"}");
        knownFields(languages, "interpreter.languages.", LANGUAGE_FIELDS);
        String a = isoLanguage(languages.get("a"), "interpreter.languages.a");
        String b = isoLanguage(languages.get("b"), "interpreter.languages.b");
        if (LanguageCode.primary(a).equals(LanguageCode.primary(b))) {
            throw ApiError.badRequest("interpreter.languages.b: must differ from languages.a ('" + a + "')");
        }
        return new Interpretation(new Interpretation.Languages(a, b), new Interpretation.Party(provider, to, from, null, null));
    }

    CallRegistry.NewCall toNewCall() {
        return new CallRegistry.NewCall(provider, null, Direction.OUTBOUND, from, to, CallStatus.QUEUED, agent,
                language, metadata, record, interpreter);
    }

    /** One party's language on an interpreted call: an ISO 639-1 code, which the translation engines take. */
    static String isoLanguage(JsonNode node, String field) {
        if (node != null && !node.isNull() && !node.isTextual()) throw ApiError.badRequest(field + ": must be a string, got " + node);
        String code = node == null || node.isNull() ? null : node.asText().strip();
        String problem = LanguageCode.problemWith(code);
        if (problem != null) throw ApiError.badRequest(field + ": " + problem);
        return code;
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

    private static void knownFields(JsonNode node, String prefix, Set<String> allowed) {
        node.fieldNames().forEachRemaining(f -> {
            if (!allowed.contains(f)) throw ApiError.badRequest(prefix + f + ": unknown field; allowed are " + allowed);
        });
    }

    private static Provider provider(JsonNode body, String field, Provider dflt) {
        String name = text(body, field.substring(field.lastIndexOf('.') + 1), field);
        if (name == null) return dflt;
        try {
            return Provider.fromWire(name);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(field + ": must be twilio or asterisk, got '" + name + "'");
        }
    }

    private static String text(JsonNode body, String field) {
        return text(body, field, field);
    }

    /** @param named the field as the client wrote it, for the error ({@code interpreter.to}) */
    private static String text(JsonNode body, String field, String named) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isTextual()) throw ApiError.badRequest(named + ": must be a string");
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
