package dev.callbridge.engine.deepgram;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.callbridge.audio.AudioFormat;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Deepgram's live {@code /v1/listen} protocol as data, with no I/O (docs/protocols/deepgram-listen.md):
 * the query that configures a stream, the three control messages a client sends, and the server's
 * JSON messages read into {@link ListenMessage}s. Audio needs no encoding: it goes up as binary
 * frames of the leg's own bytes.
 */
public final class ListenCodec {
    /** Keeps the socket open through silence; Deepgram closes it with NET-0001 after 10 s without audio or text. */
    public static final String KEEP_ALIVE = "{\"type\":\"KeepAlive\"}";
    /** Flushes: everything sent so far comes back as final results, the last maybe marked {@code from_finalize}. */
    public static final String FINALIZE = "{\"type\":\"Finalize\"}";
    /** Ends the stream: the server flushes, sends {@link ListenMessage.Metadata} and closes the socket. */
    public static final String CLOSE_STREAM = "{\"type\":\"CloseStream\"}";

    /** The models that take {@code language=multi} (multilingual code-switching), used when the language is unknown. */
    private static final Set<String> MULTILINGUAL = Set.of("nova-3", "nova-3-general", "nova-3-medical", "nova-2", "nova-2-general");

    private static final ObjectMapper JSON = new ObjectMapper();

    private ListenCodec() {}

    /**
     * The socket's URL for one utterance: the leg's audio as it is ({@code mulaw}/{@code alaw} at 8 kHz,
     * {@code linear16} at its rate), interim results on, punctuated and formatted. A known language
     * is passed as it is; an unknown one becomes {@code multi} on the models that detect languages,
     * and is left out on the others (Deepgram then assumes English).
     */
    public static URI url(URI base, String model, AudioFormat format, String language) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("model", model);
        query.put("encoding", switch (format.encoding()) {
            case PCMU -> "mulaw";
            case PCMA -> "alaw";
            case L16 -> "linear16";
        });
        query.put("sample_rate", Integer.toString(format.sampleRate()));
        query.put("channels", "1");
        query.put("interim_results", "true");
        query.put("punctuate", "true");
        query.put("smart_format", "true");
        if (language != null) query.put("language", language);
        else if (MULTILINGUAL.contains(model)) query.put("language", "multi");
        StringBuilder s = new StringBuilder(base.toString()).append(base.getRawQuery() == null ? '?' : '&');
        query.forEach((k, v) -> s.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
        s.setLength(s.length() - 1);
        return URI.create(s.toString());
    }

    /** One server text message. Unknown types are returned as {@link ListenMessage.Unknown}, not refused. */
    public static ListenMessage decode(String text) throws ListenProtocolException {
        JsonNode json;
        try {
            json = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ListenProtocolException("not JSON: " + excerpt(text));
        }
        if (json == null || !json.isObject()) throw new ListenProtocolException("not a JSON object: " + excerpt(text));
        JsonNode type = json.get("type");
        if (type == null || !type.isTextual()) throw new ListenProtocolException("a message without a type: " + excerpt(text));
        return switch (type.asText()) {
            case "Results" -> results(json);
            case "Metadata" -> new ListenMessage.Metadata(textOrNull(json, "request_id"), number(json, "duration"));
            case "UtteranceEnd" -> new ListenMessage.UtteranceEnd(number(json, "last_word_end"));
            case "SpeechStarted" -> new ListenMessage.SpeechStarted(number(json, "timestamp"));
            default -> new ListenMessage.Unknown(type.asText());
        };
    }

    private static ListenMessage.Results results(JsonNode json) throws ListenProtocolException {
        JsonNode channel = json.get("channel");
        if (channel == null || !channel.isObject()) throw new ListenProtocolException("Results: channel is missing");
        JsonNode alternatives = channel.get("alternatives");
        if (alternatives == null || !alternatives.isArray()) throw new ListenProtocolException("Results: channel.alternatives is missing");
        String transcript = "";
        String language = null;
        if (!alternatives.isEmpty()) {
            JsonNode best = alternatives.get(0);
            JsonNode t = best.get("transcript");
            if (t == null || !t.isTextual()) throw new ListenProtocolException("Results: channel.alternatives[0].transcript is missing");
            transcript = t.asText();
            JsonNode languages = best.get("languages");
            if (languages != null && languages.isArray() && !languages.isEmpty() && languages.get(0).isTextual()) {
                language = languages.get(0).asText();
            }
        }
        return new ListenMessage.Results(transcript, flag(json, "is_final"), flag(json, "speech_final"), flag(json, "from_finalize"),
                number(json, "start"), number(json, "duration"), language);
    }

    private static boolean flag(JsonNode json, String field) throws ListenProtocolException {
        JsonNode v = json.get(field);
        if (v == null || v.isNull()) return false;
        if (!v.isBoolean()) throw new ListenProtocolException(field + " is not a boolean: " + v);
        return v.booleanValue();
    }

    private static double number(JsonNode json, String field) {
        JsonNode v = json.get(field);
        return v != null && v.isNumber() ? v.doubleValue() : 0;
    }

    private static String textOrNull(JsonNode json, String field) {
        JsonNode v = json.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    private static String excerpt(String text) {
        String s = text.replaceAll("\\s+", " ").strip();
        return s.length() > 120 ? s.substring(0, 120) + "…" : s;
    }
}
