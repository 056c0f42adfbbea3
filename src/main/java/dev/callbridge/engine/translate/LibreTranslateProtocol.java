package dev.callbridge.engine.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.callbridge.config.Secret;
import io.vertx.core.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * LibreTranslate's {@code POST /translate} (docs/protocols/libretranslate.md): a JSON body
 * {@code {q, source, target, format: "text", api_key?}} and {@code {"translatedText": "…"}} back;
 * errors are {@code {"error": "…"}} with 400 (bad request, unsupported language or pair, a missing
 * key), 403 (a bad key, or banned), 429 (slow down) or 500. Pure.
 */
public final class LibreTranslateProtocol implements TranslationProtocol {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String apiKey;

    /** @param apiKey sent in the body as {@code api_key}; null sends none (a server without keys) */
    public LibreTranslateProtocol(Secret apiKey) {
        this.apiKey = apiKey == null ? null : apiKey.reveal();
    }

    @Override
    public String engine() {
        return "libretranslate";
    }

    @Override
    public String api() {
        return "LibreTranslate API";
    }

    /** LibreTranslate's codes are ISO 639-1 without a region (bar a few Chinese ones), so the region is dropped. */
    @Override
    public Request request(String text, String from, String to) {
        ObjectNode body = JSON.createObjectNode()
                .put("q", text)
                .put("source", LanguageTag.parse(from, api()).language())
                .put("target", LanguageTag.parse(to, api()).language())
                .put("format", "text");
        if (apiKey != null) body.put("api_key", apiKey);
        return new Request(HttpMethod.POST, "/translate", Map.of(), "application/json", body.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String translatedText(byte[] body) throws Unreadable {
        JsonNode json = Json.object(body);
        JsonNode text = json.get("translatedText");
        if (text == null || !text.isTextual()) throw new Unreadable("no translatedText string in " + Json.excerpt(body));
        return text.asText();
    }
}
