package dev.callbridge.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.callbridge.call.Interpretation;
import dev.callbridge.call.InterpreterNumbers;
import dev.callbridge.call.LanguageCode;
import dev.callbridge.call.PartyAddress;
import dev.callbridge.call.Provider;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code INTERPRETER_NUMBERS}: a JSON list of
 * {@code {"number","dial","provider"?,"from"?,"languages":{"a","b"}}}, read and checked whole at
 * start-up. Every refusal is one line naming the entry (from 1) and the field, so a typo stops
 * start-up instead of the first caller's call.
 */
final class InterpreterNumbersFile {
    static final String VARIABLE = "INTERPRETER_NUMBERS";
    private static final Set<String> FIELDS = new LinkedHashSet<>(List.of("number", "dial", "provider", "from", "languages"));
    private static final Set<String> LANGUAGE_FIELDS = new LinkedHashSet<>(List.of("a", "b"));
    /** A called number as Twilio ({@code To}) or Asterisk (the extension) names it. */
    private static final Pattern NUMBER = Pattern.compile("\\+?[0-9]{1,32}");
    // A key given twice would silently keep the last one.
    private static final ObjectMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private InterpreterNumbersFile() {}

    /**
     * @param dialable the providers this configuration can dial B on; a line naming another is refused
     */
    static InterpreterNumbers parse(String json, Set<Provider> dialable) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ConfigException(VARIABLE, "not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isArray()) {
            throw new ConfigException(VARIABLE, "must be a JSON list of {\"number\",\"dial\",\"languages\":{\"a\",\"b\"}}");
        }
        List<InterpreterNumbers.Line> lines = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < root.size(); i++) {
            String at = "entry " + (i + 1) + ": ";
            InterpreterNumbers.Line line = line(root.get(i), at, dialable);
            Integer earlier = seen.putIfAbsent(InterpreterNumbers.key(line.number()), i + 1);
            if (earlier != null) throw new ConfigException(VARIABLE, at + "number: " + line.number() + " is already entry " + earlier);
            lines.add(line);
        }
        return new InterpreterNumbers(lines);
    }

    private static InterpreterNumbers.Line line(JsonNode node, String at, Set<Provider> dialable) {
        if (!node.isObject()) throw new ConfigException(VARIABLE, at + "must be an object with number, dial and languages");
        node.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) throw new ConfigException(VARIABLE, at + f + ": unknown field; allowed are " + FIELDS);
        });
        String number = text(node, at, "number", true);
        if (!NUMBER.matcher(number).matches()) throw new ConfigException(VARIABLE, at + "number: '" + number + "' is not a phone number");
        String providerName = text(node, at, "provider", false);
        Provider provider = null;
        if (providerName != null) {
            try {
                provider = Provider.fromWire(providerName);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(VARIABLE, at + "provider: must be twilio or asterisk, got '" + providerName + "'");
            }
            if (!dialable.contains(provider)) {
                throw new ConfigException(VARIABLE, at + "provider: " + providerName + " cannot dial on this server"
                        + (provider == Provider.TWILIO ? " (set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN)" : " (set ARI_URL)"));
            }
        }
        // Without a provider B is dialled wherever the caller came in: the values must suit both.
        List<Provider> providers = provider != null ? List.of(provider) : List.of(Provider.TWILIO, Provider.ASTERISK);
        String dial = text(node, at, "dial", true);
        String from = text(node, at, "from", false);
        for (Provider p : providers) {
            String problem = PartyAddress.problemWithTo(p, dial);
            if (problem != null) {
                throw new ConfigException(VARIABLE, at + "dial: " + problem + (provider == null ? " (without a provider it may be dialled on twilio;"
                        + " a dial string needs \"provider\":\"asterisk\")" : ""));
            }
            if (from != null && (problem = PartyAddress.problemWithFrom(p, from)) != null) {
                throw new ConfigException(VARIABLE, at + "from: " + problem);
            }
        }
        // B is shown the number A called unless told otherwise: on Twilio it must be E.164.
        if (from == null && provider == Provider.TWILIO && PartyAddress.problemWithFrom(Provider.TWILIO, number) != null) {
            throw new ConfigException(VARIABLE, at + "number: '" + number + "' is not an E.164 number, which party b's caller id on twilio must be (or set from)");
        }
        return new InterpreterNumbers.Line(number, dial, provider, from, languages(node.get("languages"), at));
    }

    private static Interpretation.Languages languages(JsonNode node, String at) {
        if (node == null || node.isNull()) throw new ConfigException(VARIABLE, at + "languages: required, e.g. {\"a\":\"en\",\"b\":\"es\"}");
        if (!node.isObject()) throw new ConfigException(VARIABLE, at + "languages: must be an object like {\"a\":\"en\",\"b\":\"es\"}");
        node.fieldNames().forEachRemaining(f -> {
            if (!LANGUAGE_FIELDS.contains(f)) throw new ConfigException(VARIABLE, at + "languages." + f + ": unknown field; allowed are " + LANGUAGE_FIELDS);
        });
        String a = language(node, at, "a");
        String b = language(node, at, "b");
        if (LanguageCode.primary(a).equals(LanguageCode.primary(b))) {
            throw new ConfigException(VARIABLE, at + "languages.b: must differ from languages.a ('" + a + "')");
        }
        return new Interpretation.Languages(a, b);
    }

    private static String language(JsonNode node, String at, String side) {
        JsonNode n = node.get(side);
        if (n != null && !n.isNull() && !n.isTextual()) throw new ConfigException(VARIABLE, at + "languages." + side + ": must be a string");
        String code = n == null || n.isNull() ? null : n.asText().strip();
        String problem = LanguageCode.problemWith(code);
        if (problem != null) throw new ConfigException(VARIABLE, at + "languages." + side + ": " + problem);
        return code;
    }

    private static String text(JsonNode node, String at, String field, boolean required) {
        JsonNode n = node.get(field);
        if (n == null || n.isNull()) {
            if (required) throw new ConfigException(VARIABLE, at + field + ": required");
            return null;
        }
        if (!n.isTextual() || n.asText().isBlank()) throw new ConfigException(VARIABLE, at + field + ": must be a non-empty string");
        return n.asText().strip();
    }
}
