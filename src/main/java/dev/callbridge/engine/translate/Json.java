package dev.callbridge.engine.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;

/** Reading the translation APIs' small JSON answers, for their codecs. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int EXCERPT_CHARS = 120;

    private Json() {}

    /** The body as a JSON object. */
    static JsonNode object(byte[] body) throws TranslationProtocol.Unreadable {
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (Exception e) {
            throw new TranslationProtocol.Unreadable("not JSON: " + excerpt(body));
        }
        if (node == null || !node.isObject()) throw new TranslationProtocol.Unreadable("not a JSON object: " + excerpt(body));
        return node;
    }

    /** The body's start on one line, for a message. */
    static String excerpt(byte[] body) {
        String s = new String(body, StandardCharsets.UTF_8).replaceAll("\\s+", " ").strip();
        return s.length() > EXCERPT_CHARS ? s.substring(0, EXCERPT_CHARS) + "…" : s;
    }
}
