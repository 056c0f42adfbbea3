package dev.callbridge.engine.translate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.engine.EngineFailure;
import dev.callbridge.engine.EngineFailure.Engine;
import dev.callbridge.engine.EngineFailure.Kind;
import dev.callbridge.engine.HttpErrorBody;
import io.vertx.core.http.HttpMethod;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * apertium-apy's {@code /translate} (docs/protocols/apertium-apy.md): a form
 * {@code langpair=eng|spa&q=…&markUnknown=no&format=txt} (apy reads GET and POST alike; POST keeps long text
 * out of the URL) and {@code {"responseData":{"translatedText":…},"responseDetails":null,"responseStatus":200}}
 * back. An error is an HTTP status with {@code {"status":"error","code":400,"message":"Bad Request",
 * "explanation":"That pair is not installed"}}, whose explanation is the useful part. Pure.
 *
 * <p>Apertium names languages by ISO 639-3; the table maps the ISO 639-1 codes of the languages
 * Apertium has released pairs for. {@code markUnknown=no} drops the {@code *} apy puts before a
 * word it does not know: the listener hears the word as said rather than an asterisk; {@code format=txt}
 * treats the text as plain text, where apy's default HTML reading would keep {@code <…>} untranslated.
 */
public final class ApertiumApyProtocol implements TranslationProtocol {
    private static final Map<String, String> ISO_639_3 = Map.ofEntries(
            Map.entry("af", "afr"), Map.entry("an", "arg"), Map.entry("ar", "ara"), Map.entry("be", "bel"),
            Map.entry("bg", "bul"), Map.entry("br", "bre"), Map.entry("bs", "bos"), Map.entry("ca", "cat"),
            Map.entry("cs", "ces"), Map.entry("cy", "cym"), Map.entry("da", "dan"), Map.entry("de", "deu"),
            Map.entry("el", "ell"), Map.entry("en", "eng"), Map.entry("eo", "epo"), Map.entry("es", "spa"),
            Map.entry("et", "est"), Map.entry("eu", "eus"), Map.entry("fi", "fin"), Map.entry("fr", "fra"),
            Map.entry("ga", "gle"), Map.entry("gd", "gla"), Map.entry("gl", "glg"), Map.entry("he", "heb"),
            Map.entry("hi", "hin"), Map.entry("hr", "hrv"), Map.entry("id", "ind"), Map.entry("is", "isl"),
            Map.entry("it", "ita"), Map.entry("kk", "kaz"), Map.entry("lt", "lit"), Map.entry("lv", "lav"),
            Map.entry("mk", "mkd"), Map.entry("ms", "msa"), Map.entry("mt", "mlt"), Map.entry("nb", "nob"),
            Map.entry("nl", "nld"), Map.entry("nn", "nno"), Map.entry("oc", "oci"), Map.entry("pl", "pol"),
            Map.entry("pt", "por"), Map.entry("ro", "ron"), Map.entry("ru", "rus"), Map.entry("se", "sme"),
            Map.entry("sk", "slk"), Map.entry("sl", "slv"), Map.entry("sq", "sqi"), Map.entry("sr", "srp"),
            Map.entry("sv", "swe"), Map.entry("tr", "tur"), Map.entry("tt", "tat"), Map.entry("uk", "ukr"),
            Map.entry("ur", "urd"));

    @Override
    public String engine() {
        return "apertium";
    }

    @Override
    public String api() {
        return "Apertium APy";
    }

    /** The ISO 639-3 code apy names a language by; an unknown code fails before anything is sent. */
    String code(String tag) {
        String code = ISO_639_3.get(LanguageTag.parse(tag, api()).language());
        if (code == null) throw EngineFailure.of(Engine.TRANSLATE, Kind.REJECTED, api() + ": no Apertium language for '" + tag + "'");
        return code;
    }

    @Override
    public Request request(String text, String from, String to) {
        String form = "langpair=" + encode(code(from) + "|" + code(to)) + "&q=" + encode(text) + "&markUnknown=no&format=txt";
        return new Request(HttpMethod.POST, "/translate", Map.of(), "application/x-www-form-urlencoded", form.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String translatedText(byte[] body) throws Unreadable {
        JsonNode json = Json.object(body);
        JsonNode status = json.get("responseStatus");
        if (status != null && status.isInt() && status.asInt() != 200) {
            throw new Unreadable("responseStatus " + status.asInt() + ": " + json.path("responseDetails").asText(""));
        }
        JsonNode text = json.path("responseData").get("translatedText");
        if (text == null || !text.isTextual()) throw new Unreadable("no responseData.translatedText string in " + Json.excerpt(body));
        return text.asText();
    }

    /** apy's own error shape first ({@code explanation} says which pair or argument), else the shared reading. */
    @Override
    public EngineFailure refused(int status, String contentType, byte[] body, Duration retryAfter, String apiKey) {
        String explanation = null;
        try {
            JsonNode json = Json.object(body);
            if (json.hasNonNull("explanation")) explanation = HttpErrorBody.scrub(json.get("explanation").asText(), apiKey);
        } catch (Unreadable e) {
            // not apy's shape: a proxy's page, read below
        }
        if (explanation == null || status / 100 == 2) return TranslationProtocol.super.refused(status, contentType, body, retryAfter, apiKey);
        Kind kind = Kind.ofStatus(status);
        return new EngineFailure(Engine.TRANSLATE, kind, status, api() + ": HTTP " + status + " " + kind.label() + ": " + explanation,
                explanation, null, null, retryAfter, 0);
    }

    @Override
    public Optional<Request> pairsRequest() {
        return Optional.of(new Request(HttpMethod.GET, "/listPairs", Map.of(), null, null));
    }

    @Override
    public Set<String> pairs(byte[] body) throws Unreadable {
        JsonNode data = Json.object(body).get("responseData");
        if (data == null || !data.isArray()) throw new Unreadable("no responseData list in " + Json.excerpt(body));
        Set<String> pairs = new HashSet<>();
        for (JsonNode pair : data) pairs.add(pair.path("sourceLanguage").asText() + "|" + pair.path("targetLanguage").asText());
        return pairs;
    }

    @Override
    public String pairKey(String from, String to) {
        try {
            return code(from) + "|" + code(to);
        } catch (EngineFailure e) {
            return null;
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
