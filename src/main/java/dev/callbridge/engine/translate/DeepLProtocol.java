package dev.callbridge.engine.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.callbridge.config.Secret;
import io.vertx.core.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * DeepL's {@code POST /v2/translate} (docs/protocols/deepl.md): header
 * {@code Authorization: DeepL-Auth-Key KEY}, JSON {@code {"text":[…],"source_lang":"EN","target_lang":"ES"}},
 * and {@code {"translations":[{"detected_source_language","text"}]}} back; errors are
 * {@code {"message":"…"}} with 400, 403 (bad key), 413, 429, 456 (quota exceeded) or 5xx. Pure.
 *
 * <p>Codes: DeepL's are ISO 639-1 in upper case. A source never has a variant. As a target, English
 * and Portuguese must name one ({@code EN} and {@code PT} alone are deprecated): {@code en} becomes
 * {@code EN-US} and {@code pt} {@code PT-BR} unless the caller names the region ({@code en-GB},
 * {@code pt-PT}); Chinese keeps a script when given ({@code zh-Hant} → {@code ZH-HANT}).
 */
public final class DeepLProtocol implements TranslationProtocol {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> DEFAULT_VARIANT = Map.of("en", "EN-US", "pt", "PT-BR");
    private static final Set<String> VARIANTS = Set.of("EN-US", "EN-GB", "PT-BR", "PT-PT", "ZH-HANS", "ZH-HANT", "ES-419");
    private final String apiKey;

    public DeepLProtocol(Secret apiKey) {
        this.apiKey = Objects.requireNonNull(apiKey, "DeepL needs a key").reveal();
    }

    @Override
    public String engine() {
        return "deepl";
    }

    @Override
    public String api() {
        return "DeepL API";
    }

    @Override
    public Request request(String text, String from, String to) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("text").add(text);
        body.put("source_lang", sourceCode(LanguageTag.parse(from, api())));
        body.put("target_lang", targetCode(LanguageTag.parse(to, api())));
        return new Request(HttpMethod.POST, "/v2/translate", Map.of("Authorization", "DeepL-Auth-Key " + apiKey),
                "application/json", body.toString().getBytes(StandardCharsets.UTF_8));
    }

    static String sourceCode(LanguageTag tag) {
        return tag.language().toUpperCase(java.util.Locale.ROOT);
    }

    static String targetCode(LanguageTag tag) {
        String base = tag.language().toUpperCase(java.util.Locale.ROOT);
        if (tag.region() != null && VARIANTS.contains(base + "-" + tag.region())) return base + "-" + tag.region();
        return DEFAULT_VARIANT.getOrDefault(tag.language(), base);
    }

    @Override
    public String translatedText(byte[] body) throws Unreadable {
        JsonNode translations = Json.object(body).get("translations");
        if (translations == null || !translations.isArray() || translations.isEmpty()) {
            throw new Unreadable("no translations in " + Json.excerpt(body));
        }
        JsonNode text = translations.get(0).get("text");
        if (text == null || !text.isTextual()) throw new Unreadable("no translations[0].text string in " + Json.excerpt(body));
        return text.asText();
    }
}
