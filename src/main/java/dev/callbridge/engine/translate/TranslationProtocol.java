package dev.callbridge.engine.translate;

import dev.callbridge.engine.EngineFailure;
import dev.callbridge.engine.EngineFailure.Engine;
import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One vendor's translation API as a pure codec: what request to send for a text and a language pair,
 * and what the answer means. No I/O; {@link HttpTranslator} is the transport for all of them.
 */
public interface TranslationProtocol {

    /** The engine's name on a {@link Translation}, e.g. {@code deepl}. */
    String engine();

    /** How failure messages name the API, e.g. {@code "DeepL API"}. */
    String api();

    /**
     * The request for one text.
     *
     * @throws EngineFailure {@code REJECTED}, before anything is sent, for a language this API has no code for
     */
    Request request(String text, String from, String to);

    /** The translated text from a 2xx answer's body. */
    String translatedText(byte[] body) throws Unreadable;

    /** A non-2xx answer (or a 2xx that is not JSON) as a typed failure; vendors with their own error shape override it. */
    default EngineFailure refused(int status, String contentType, byte[] body, Duration retryAfter, String apiKey) {
        return EngineFailure.refused(Engine.TRANSLATE, api(), status, contentType, "application/json", body, retryAfter, apiKey);
    }

    /** The request listing the pairs the server has, for APIs that publish them; empty for the others. */
    default Optional<Request> pairsRequest() {
        return Optional.empty();
    }

    /** The pairs from {@link #pairsRequest()}'s answer, as {@code "from|to"} in this API's own codes. */
    default Set<String> pairs(byte[] body) throws Unreadable {
        return Set.of();
    }

    /** The {@code "from|to"} key {@link #pairs} would hold for these ISO 639-1 codes, or null when this API has no code for one. */
    default String pairKey(String from, String to) {
        return null;
    }

    /**
     * @param pathAndQuery appended to the configured base URL, e.g. {@code /v2/translate}
     * @param headers      besides {@code Content-Type}, which comes from {@code contentType}
     * @param contentType  null for a request without a body
     */
    record Request(HttpMethod method, String pathAndQuery, Map<String, String> headers, String contentType, byte[] body) {}

    /** A 2xx answer that does not say what the protocol promises. */
    final class Unreadable extends Exception {
        public Unreadable(String message) {
            super(message, null, false, false);
        }
    }
}
