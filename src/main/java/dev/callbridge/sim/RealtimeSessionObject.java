package dev.callbridge.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;

/**
 * The GA {@code session} object of protocols/openai-realtime.md §2, for the echo server: the
 * defaults {@code session.created} carries and the {@code session.update} merge whose result
 * {@code session.updated} carries in full. Pure; the echo validates only what it relies on.
 */
final class RealtimeSessionObject {
    /** Fields the server owns; an update cannot set them. */
    private static final Set<String> SERVER_OWNED = Set.of("object", "id", "expires_at");

    private RealtimeSessionObject() {}

    /**
     * What {@code session.created} carries. The server_vad defaults are doc §2's; 24 kHz PCM
     * both ways and the {@code alloy} voice are the API's defaults as observed (ASSUMED).
     */
    static ObjectNode defaults(String id, String model, long nowSeconds) {
        ObjectNode s = RealtimeEchoCodec.newObject().put("type", "realtime").put("object", "realtime.session").put("id", id)
                .put("model", model).put("instructions", "").put("tool_choice", "auto").put("max_output_tokens", "inf")
                .putNull("tracing").put("truncation", "auto").putNull("prompt").putNull("include")
                .put("expires_at", nowSeconds + 3600);
        s.putArray("output_modalities").add("audio");
        s.putArray("tools");
        ObjectNode input = s.putObject("audio").putObject("input");
        input.set("format", pcm24k());
        input.putNull("transcription");
        input.putNull("noise_reduction");
        input.set("turn_detection", turnDetectionDefaults("server_vad"));
        ObjectNode output = s.withObjectProperty("audio").putObject("output");
        output.set("format", pcm24k());
        output.put("voice", "alloy").put("speed", 1.0);
        return s;
    }

    /**
     * Doc §2: only the fields present change, {@code null} clears; {@code audio.input} and
     * {@code audio.output} merge field by field; a format or turn detection object is completed
     * with its defaults, as the server reports the effective configuration. Returns a new object.
     */
    static ObjectNode merge(ObjectNode current, ObjectNode update) {
        ObjectNode next = current.deepCopy();
        for (Map.Entry<String, JsonNode> e : update.properties()) {
            if (SERVER_OWNED.contains(e.getKey())) continue;
            if (e.getKey().equals("audio") && e.getValue().isObject()) mergeAudio(next, e.getValue());
            else next.set(e.getKey(), e.getValue().deepCopy());
        }
        return next;
    }

    private static void mergeAudio(ObjectNode next, JsonNode audio) {
        for (String side : new String[] {"input", "output"}) {
            JsonNode part = audio.get(side);
            if (part == null || !part.isObject()) continue;
            ObjectNode target = next.withObjectProperty("audio").withObjectProperty(side);
            for (Map.Entry<String, JsonNode> e : part.properties()) {
                JsonNode value = e.getValue().deepCopy();
                if (e.getKey().equals("format") && value instanceof ObjectNode f && "audio/pcm".equals(f.path("type").asText())) {
                    f.put("rate", 24000); // doc §2: the only rate audio/pcm has
                }
                if (e.getKey().equals("turn_detection") && value instanceof ObjectNode td && td.path("type").isTextual()) {
                    value = turnDetectionDefaults(td.get("type").asText()).setAll(td);
                }
                target.set(e.getKey(), value);
            }
        }
    }

    /** Doc §2 "Turn detection": the defaults the server fills in for the fields left out. */
    private static ObjectNode turnDetectionDefaults(String type) {
        ObjectNode td = RealtimeEchoCodec.newObject().put("type", type);
        if (type.equals("server_vad")) {
            td.put("threshold", 0.5).put("prefix_padding_ms", 300).put("silence_duration_ms", 500).putNull("idle_timeout_ms");
        } else if (type.equals("semantic_vad")) {
            td.put("eagerness", "auto");
        }
        return td.put("create_response", true).put("interrupt_response", true);
    }

    private static ObjectNode pcm24k() {
        return RealtimeEchoCodec.newObject().put("type", "audio/pcm").put("rate", 24000);
    }

    static JsonNode inputFormat(ObjectNode session) {
        return session.path("audio").path("input").path("format");
    }

    static JsonNode outputFormat(ObjectNode session) {
        return session.path("audio").path("output").path("format");
    }

    /** {@code {format, voice}}, as a response's {@code audio.output} reports it. */
    static ObjectNode outputAudio(ObjectNode session) {
        ObjectNode out = RealtimeEchoCodec.newObject();
        out.set("format", outputFormat(session).deepCopy());
        JsonNode voice = session.path("audio").path("output").get("voice");
        out.set("voice", voice == null ? out.nullNode() : voice.deepCopy());
        return out;
    }
}
