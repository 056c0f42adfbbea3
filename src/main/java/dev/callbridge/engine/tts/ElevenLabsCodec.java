package dev.callbridge.engine.tts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

/**
 * ElevenLabs' {@code stream-input} text-to-speech protocol as data: the socket's URL, the three
 * messages one synthesis sends, and what the server's messages mean. Pure (no I/O), so every odd
 * message a server may send can be tried without a socket. See
 * docs/protocols/elevenlabs-stream-input.md for the protocol and how sure we are of each part.
 */
final class ElevenLabsCodec {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The models that take {@code language_code} on this socket. Others either ignore it or refuse
     * the connection (multilingual v2 documents no support for it), so it is sent only to these.
     */
    static final Set<String> LANGUAGE_CODE_MODELS = Set.of("eleven_flash_v2_5", "eleven_turbo_v2_5");

    private ElevenLabsCodec() {}

    /**
     * {@code {base}/text-to-speech/{voice}/stream-input?model_id=…&output_format=…&auto_mode=true},
     * plus {@code language_code} when the model takes one and {@code language} names one.
     * {@code auto_mode} turns off the server's text buffering schedule, which exists for text
     * arriving word by word; we send whole sentences.
     *
     * @param language a BCP-47 tag ({@code es}, {@code pt-BR}) or null; only its primary subtag is sent
     */
    static URI streamUri(URI base, String voice, String model, ElevenLabsOutputFormat output, String language) {
        StringBuilder uri = new StringBuilder(base.toString())
                .append("/text-to-speech/").append(encode(voice)).append("/stream-input")
                .append("?model_id=").append(encode(model))
                .append("&output_format=").append(output.name())
                .append("&auto_mode=true");
        String code = languageCode(model, language);
        if (code != null) uri.append("&language_code=").append(code);
        return URI.create(uri.toString());
    }

    /** ISO 639 (two or three letters) from a BCP-47 tag, when the model takes one; else null. */
    static String languageCode(String model, String language) {
        if (language == null || !LANGUAGE_CODE_MODELS.contains(model)) return null;
        String primary = language.strip().split("[-_]", 2)[0].toLowerCase(Locale.ROOT);
        return primary.matches("[a-z]{2,3}") ? primary : null;
    }

    /** The first message: a single space opens the input; the key travels in the handshake's header instead. */
    static String begin() {
        return "{\"text\":\" \"}";
    }

    /**
     * The sentence, flushed so it is spoken at once. ElevenLabs wants every text chunk to end in a
     * space (it joins chunks as they come); a trailing one is added when missing.
     */
    static String sentence(String text) {
        String spaced = text.endsWith(" ") ? text : text + " ";
        ObjectNode message = JSON.createObjectNode().put("text", spaced).put("flush", true);
        return message.toString();
    }

    /** The empty text that ends the input: the server speaks what it holds, says {@code isFinal} and closes. */
    static String end() {
        return "{\"text\":\"\"}";
    }

    /**
     * Reads one server message. Unknown fields (the alignments, anything added later) are ignored;
     * {@code isFinal} counts only when it is {@code true} ({@code null}, {@code false} and absent
     * all mean more is coming).
     *
     * @throws ElevenLabsProtocolException when it is not a JSON object or its audio is not base64
     */
    static ElevenLabsMessage decode(String text) {
        JsonNode json;
        try {
            json = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ElevenLabsProtocolException("not JSON: " + excerpt(text));
        }
        if (json == null || !json.isObject()) throw new ElevenLabsProtocolException("not a JSON object: " + excerpt(text));
        JsonNode audio = json.get("audio");
        boolean hasAudio = audio != null && audio.isTextual() && !audio.asText().isEmpty();
        if (json.hasNonNull("error") || (json.hasNonNull("message") && !hasAudio)) {
            JsonNode code = json.get("code");
            return new ElevenLabsMessage.ServerError(text(json.get("error")), text(json.get("message")),
                    code != null && code.canConvertToInt() ? code.asInt() : 0);
        }
        if (audio != null && !audio.isNull() && !audio.isTextual()) {
            throw new ElevenLabsProtocolException("audio is not a string: " + excerpt(text));
        }
        byte[] bytes;
        try {
            bytes = hasAudio ? Base64.getDecoder().decode(audio.asText()) : new byte[0];
        } catch (IllegalArgumentException e) {
            throw new ElevenLabsProtocolException("audio is not base64: " + e.getMessage());
        }
        JsonNode last = json.get("isFinal");
        return new ElevenLabsMessage.Audio(bytes, last != null && last.isBoolean() && last.booleanValue());
    }

    private static String text(JsonNode node) {
        if (node == null || node.isNull()) return null;
        return node.isValueNode() ? node.asText() : node.toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String excerpt(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() > 120 ? line.substring(0, 120) + "…" : line;
    }
}
