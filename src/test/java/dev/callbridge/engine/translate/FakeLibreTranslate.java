package dev.callbridge.engine.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.callbridge.engine.translate.FakeTranslationServer.Reply;
import dev.callbridge.engine.translate.FakeTranslationServer.Served;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * LibreTranslate's {@code POST /translate} as its app.py answers it (docs/protocols/libretranslate.md):
 * the same checks in the same order (a key the database lacks is 403 "Invalid API key", a server that
 * requires keys answers 400 without one, missing {@code q}/{@code source}/{@code target} is 400, an
 * unknown language 400 "… is not supported", a pair without a model 400 "… is not available as a
 * target language from …") and {@code {"error": "…"}} for every failure. Adversarial: with its seed
 * it shuffles the answer's keys, adds fields a newer server adds ({@code alternatives},
 * {@code detectedLanguage}), pretty-prints or not, and the server cuts the body into pieces.
 */
final class FakeLibreTranslate implements FakeTranslationServer.Vendor {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Set<String> LANGUAGES = Set.of("en", "es", "fr", "de", "pt");
    /** The sentences it knows; any other text comes back tagged with the target language. */
    static final Map<String, String> KNOWN = Map.of("en>es:Hello!", "¡Hola!", "en>es:Where is the station?", "¿Dónde está la estación?");

    private final Random random;
    /** Keys the server's database holds; empty for a server without keys. */
    private final Set<String> keys;

    FakeLibreTranslate(long seed, Set<String> keys) {
        this.random = new Random(seed);
        this.keys = keys;
    }

    static String translated(String text, String from, String to) {
        return KNOWN.getOrDefault(from + ">" + to + ":" + text, "[" + to + "] " + text);
    }

    @Override
    public synchronized Reply answer(Served request) {
        if (!request.method().equals("POST") || !request.path().equals("/translate")) return Reply.json(404, "{\"error\":\"Not Found\"}");
        JsonNode body;
        try {
            body = JSON.readTree(request.body());
        } catch (Exception e) {
            return Reply.json(400, "{\"error\":\"Invalid JSON format\"}");
        }
        String key = body.path("api_key").asText(null);
        if (!keys.isEmpty()) {
            if (key != null && !keys.contains(key)) return error(403, "Invalid API key");
            if (key == null) return error(400, "Please contact the server operator to get an API key");
        }
        for (String field : List.of("q", "source", "target")) {
            if (body.path(field).asText("").isEmpty()) return error(400, "Invalid request: missing " + field + " parameter");
        }
        String q = body.get("q").asText();
        String source = body.get("source").asText();
        String target = body.get("target").asText();
        if (!LANGUAGES.contains(source)) return error(400, "{'confidence': 100.0, 'language': '" + source + "'} is not supported");
        if (!LANGUAGES.contains(target)) return error(400, target + " is not supported");
        if (!body.path("format").asText("text").equals("text")) return error(400, body.get("format").asText() + " format is not supported");
        if (source.equals("de") && target.equals("pt")) {
            return error(400, "Portuguese (pt) is not available as a target language from German (de)");
        }
        List<Map.Entry<String, Object>> fields = new ArrayList<>(List.of(Map.entry("translatedText", translated(q, source, target))));
        if (random.nextBoolean()) fields.add(Map.entry("alternatives", List.of()));
        if (random.nextBoolean()) fields.add(Map.entry("detectedLanguage", Map.of("confidence", 100.0, "language", source)));
        Collections.shuffle(fields, random);
        ObjectNode answer = JSON.createObjectNode();
        fields.forEach(f -> answer.set(f.getKey(), JSON.valueToTree(f.getValue())));
        return Reply.json(200, random.nextBoolean() ? answer.toPrettyString() : answer.toString());
    }

    static Reply error(int status, String message) {
        return Reply.json(status, JSON.createObjectNode().put("error", message).toString());
    }
}
