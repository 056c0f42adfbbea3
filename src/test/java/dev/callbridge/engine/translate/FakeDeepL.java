package dev.callbridge.engine.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.callbridge.engine.translate.FakeTranslationServer.Reply;
import dev.callbridge.engine.translate.FakeTranslationServer.Served;
import java.util.Random;
import java.util.Set;

/**
 * DeepL's {@code POST /v2/translate} as docs/protocols/deepl.md describes it: the key in
 * {@code Authorization: DeepL-Auth-Key …} (403 otherwise), a JSON body whose {@code text} is a list,
 * upper-case codes where a source has no variant and an English or Portuguese target must have one,
 * {@code {"translations":[{"detected_source_language","text"}]}} back, errors as
 * {@code {"message":"…"}}, and 456 once the quota is spent. Adversarial: with its seed it adds
 * fields DeepL adds on request ({@code billed_characters}, {@code model_type_used}), reorders keys
 * and reports the detected language in either case.
 */
final class FakeDeepL implements FakeTranslationServer.Vendor {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Set<String> SOURCES = Set.of("EN", "ES", "DE", "FR", "PT", "ZH");
    static final Set<String> TARGETS = Set.of("EN-US", "EN-GB", "ES", "DE", "FR", "PT-BR", "PT-PT", "ZH", "ZH-HANS", "ZH-HANT");

    private final Random random;
    private final String key;
    /** Characters left this month; past it every request is 456. */
    private long quota;

    FakeDeepL(long seed, String key, long quota) {
        this.random = new Random(seed);
        this.key = key;
        this.quota = quota;
    }

    @Override
    public synchronized Reply answer(Served request) {
        if (!request.method().equals("POST") || !request.path().equals("/v2/translate")) return message(404, "Not found");
        if (!("DeepL-Auth-Key " + key).equals(request.headers().get("Authorization"))) {
            return message(403, "Authorization failure, check auth_key");
        }
        JsonNode body;
        try {
            body = JSON.readTree(request.body());
        } catch (Exception e) {
            return message(400, "Invalid request: Expected JSON body");
        }
        JsonNode text = body.get("text");
        if (text == null || !text.isArray() || text.isEmpty()) return message(400, "Parameter 'text' not specified.");
        String source = body.path("source_lang").asText(null);
        String target = body.path("target_lang").asText("");
        if (source != null && !SOURCES.contains(source)) return message(400, "Value for 'source_lang' not supported.");
        if (!TARGETS.contains(target)) return message(400, "Value for 'target_lang' not supported.");
        long characters = text.get(0).asText().codePointCount(0, text.get(0).asText().length());
        if (characters > quota) return message(456, "Quota exceeded");
        quota -= characters;
        ObjectNode translation = JSON.createObjectNode();
        if (random.nextBoolean()) translation.put("text", "[" + target + "] " + text.get(0).asText());
        String detected = source == null ? "EN" : source;
        translation.put("detected_source_language", random.nextBoolean() ? detected : detected.toLowerCase());
        if (random.nextBoolean()) translation.put("billed_characters", characters);
        if (!translation.has("text")) translation.put("text", "[" + target + "] " + text.get(0).asText());
        if (random.nextBoolean()) translation.put("model_type_used", "latency_optimized");
        ObjectNode answer = JSON.createObjectNode();
        answer.putArray("translations").add(translation);
        return Reply.json(200, answer.toString());
    }

    static Reply message(int status, String message) {
        return Reply.json(status, JSON.createObjectNode().put("message", message).toString());
    }
}
