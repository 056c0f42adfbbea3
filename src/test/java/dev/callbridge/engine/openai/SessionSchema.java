package dev.callbridge.engine.openai;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The GA {@code session} object as protocols/openai-realtime.md §2 gives it: the defaults a
 * {@code session.created} carries, the validation of a {@code session.update}, and the merge into
 * the effective session that {@code session.updated} echoes. Pure code; one instance per session.
 *
 * <p>Error codes and message texts for invalid values are ASSUMED (the doc names the fields and
 * allowed values, not the wording): {@code missing_required_parameter}, {@code unknown_parameter},
 * {@code invalid_value}, {@code invalid_type}, each with {@code param} as a dotted path such as
 * {@code session.audio.input.format.type}.
 */
final class SessionSchema {
    /** Doc §2: the GA fields of a session. */
    private static final Set<String> TOP = Set.of("type", "audio", "include", "instructions", "max_output_tokens", "model",
            "output_modalities", "parallel_tool_calls", "prompt", "reasoning", "tool_choice", "tools", "tracing", "truncation");
    /** Doc §1/§2: fields that exist only in the beta shape; the GA server answers beta_api_shape_disabled. */
    private static final Set<String> BETA_ONLY = Set.of("modalities", "input_audio_format", "output_audio_format",
            "input_audio_transcription", "turn_detection", "voice", "temperature", "max_response_output_tokens");
    /** Doc §2 "Audio formats". */
    static final List<String> FORMATS = List.of("audio/pcm", "audio/pcmu", "audio/pcma");
    /** Doc §2 "Voices" (GA list). */
    private static final List<String> VOICES = List.of("alloy", "ash", "ballad", "coral", "echo", "sage", "shimmer", "verse", "marin", "cedar");
    private static final List<String> TRANSCRIBERS = List.of("whisper-1", "gpt-4o-mini-transcribe", "gpt-4o-transcribe", "gpt-4o-transcribe-diarize");

    /** A rejected update: the error payload, and whether it was beta-shaped (then the socket closes with 4000). */
    record Invalid(RealtimeError error, boolean betaShape) {}

    private SessionSchema() {}

    /**
     * What {@code session.created} carries. Doc §2 gives the server_vad defaults; the default
     * formats (24 kHz PCM), voice ({@code alloy}) and server_vad being on by default are ASSUMED.
     */
    static JsonObject defaults(String id, String model, long nowSeconds) {
        return new JsonObject().put("type", "realtime").put("object", "realtime.session").put("id", id).put("model", model)
                .put("output_modalities", new JsonArray().add("audio")).put("instructions", "")
                .put("tools", new JsonArray()).put("tool_choice", "auto").put("max_output_tokens", "inf")
                .put("tracing", null).put("truncation", "auto").put("prompt", null).put("include", null)
                .put("expires_at", nowSeconds + 3600)
                .put("audio", new JsonObject()
                        .put("input", new JsonObject().put("format", pcm24k()).put("transcription", null)
                                .put("noise_reduction", null).put("turn_detection", turnDetectionDefaults("server_vad")))
                        .put("output", new JsonObject().put("format", pcm24k()).put("voice", "alloy").put("speed", 1.0)));
    }

    /** Doc §2 "Turn detection": the defaults the server fills in for fields the client left out. */
    static JsonObject turnDetectionDefaults(String type) {
        JsonObject td = new JsonObject().put("type", type);
        if (type.equals("server_vad")) td.put("threshold", 0.5).put("prefix_padding_ms", 300).put("silence_duration_ms", 500)
                .put("idle_timeout_ms", null);
        else td.put("eagerness", "auto");
        return td.put("create_response", true).put("interrupt_response", true);
    }

    private static JsonObject pcm24k() {
        return new JsonObject().put("type", "audio/pcm").put("rate", 24000);
    }

    /**
     * Checks one {@code session.update}'s {@code session} against the GA schema.
     *
     * @param model        the model chosen in the URL; doc §1: it cannot be changed by an update
     * @param audioProduced whether the model has produced audio; doc §2/§7: voice is then fixed
     */
    static Optional<Invalid> validate(JsonObject s, JsonObject current, String model, boolean audioProduced) {
        for (String k : s.fieldNames()) if (BETA_ONLY.contains(k)) return Optional.of(new Invalid(RealtimeError.betaShapeDisabled(), true));
        try {
            if (!s.containsKey("type")) throw missing("session.type");
            if (!"realtime".equals(s.getValue("type")))
                // "transcription" is valid in the real API (doc §2) but this fake does not simulate such sessions.
                throw invalid("session.type", s.getValue("type"), List.of("realtime"));
            for (String k : s.fieldNames()) if (!TOP.contains(k)) throw unknown("session." + k);
            if (s.containsKey("model") && !model.equals(s.getValue("model"))) throw new Bad("invalid_value",
                    "The model cannot be changed with session.update; it is chosen in the URL.", "session.model"); // doc §1
            string(s, "instructions", "session");
            if (s.containsKey("output_modalities")) {
                JsonArray m = array(s, "output_modalities", "session");
                if (m.size() != 1) throw new Bad("invalid_value", "output_modalities must be [\"audio\"] or [\"text\"].", "session.output_modalities");
                oneOf(m.getValue(0), List.of("audio", "text"), "session.output_modalities[0]");
            }
            if (s.containsKey("max_output_tokens")) {
                Object v = s.getValue("max_output_tokens");
                if (!"inf".equals(v) && !(v instanceof Number n && n.intValue() >= 1 && n.intValue() <= 4096 && n.doubleValue() == n.intValue()))
                    throw new Bad("invalid_value", "max_output_tokens must be an integer from 1 to 4096 or \"inf\".", "session.max_output_tokens");
            }
            if (s.containsKey("audio")) audio(object(s, "audio", "session"), current, audioProduced);
            if (s.containsKey("tools")) tools(array(s, "tools", "session"));
            if (s.containsKey("tool_choice")) toolChoice(s.getValue("tool_choice"));
            return Optional.empty();
        } catch (Bad b) {
            return Optional.of(new Invalid(RealtimeError.invalidRequest(b.code, b.getMessage(), b.param), false));
        }
    }

    private static void audio(JsonObject a, JsonObject current, boolean audioProduced) {
        keys(a, Set.of("input", "output"), "session.audio");
        if (a.containsKey("input")) {
            JsonObject in = object(a, "input", "session.audio");
            keys(in, Set.of("format", "noise_reduction", "transcription", "turn_detection"), "session.audio.input");
            if (in.containsKey("format")) format(object(in, "format", "session.audio.input"), "session.audio.input.format");
            if (in.getValue("noise_reduction") != null)
                oneOf(object(in, "noise_reduction", "session.audio.input").getValue("type"), List.of("near_field", "far_field"),
                        "session.audio.input.noise_reduction.type");
            if (in.getValue("transcription") != null) {
                JsonObject t = object(in, "transcription", "session.audio.input");
                keys(t, Set.of("model", "language", "prompt"), "session.audio.input.transcription");
                if (t.containsKey("model")) oneOf(t.getValue("model"), TRANSCRIBERS, "session.audio.input.transcription.model");
                string(t, "language", "session.audio.input.transcription");
                string(t, "prompt", "session.audio.input.transcription");
            }
            if (in.getValue("turn_detection") != null) turnDetection(object(in, "turn_detection", "session.audio.input"));
        }
        if (a.containsKey("output")) {
            JsonObject out = object(a, "output", "session.audio");
            keys(out, Set.of("format", "voice", "speed"), "session.audio.output");
            if (out.containsKey("format")) format(object(out, "format", "session.audio.output"), "session.audio.output.format");
            if (out.containsKey("voice")) {
                Object v = out.getValue("voice");
                if (v instanceof JsonObject custom) string(custom, "id", "session.audio.output.voice");
                else oneOf(v, VOICES, "session.audio.output.voice");
                Object before = current.getJsonObject("audio").getJsonObject("output").getValue("voice");
                if (audioProduced && !v.equals(before)) throw new Bad("cannot_update_voice", // doc §2/§7; code ASSUMED
                        "Cannot update a conversation's voice if assistant audio is present.", "session.audio.output.voice");
            }
            if (out.containsKey("speed") && !(out.getValue("speed") instanceof Number n && n.doubleValue() >= 0.25 && n.doubleValue() <= 1.5))
                throw new Bad("invalid_value", "speed must be a number from 0.25 to 1.5.", "session.audio.output.speed"); // range ASSUMED
        }
    }

    /** Doc §2 "Audio formats": pcm is 24 kHz only; pcmu/pcma are 8 kHz with no rate field. */
    private static void format(JsonObject f, String path) {
        keys(f, Set.of("type", "rate"), path);
        if (!f.containsKey("type")) throw missing(path + ".type");
        oneOf(f.getValue("type"), FORMATS, path + ".type");
        if (f.getValue("type").equals("audio/pcm") && f.containsKey("rate") && !Integer.valueOf(24000).equals(f.getValue("rate")))
            throw invalid(path + ".rate", f.getValue("rate"), List.of(24000));
    }

    private static void turnDetection(JsonObject td) {
        String p = "session.audio.input.turn_detection";
        if (!td.containsKey("type")) throw missing(p + ".type");
        oneOf(td.getValue("type"), List.of("server_vad", "semantic_vad"), p + ".type");
        boolean server = td.getValue("type").equals("server_vad");
        keys(td, server ? Set.of("type", "threshold", "prefix_padding_ms", "silence_duration_ms", "create_response", "interrupt_response", "idle_timeout_ms")
                : Set.of("type", "eagerness", "create_response", "interrupt_response"), p);
        if (td.containsKey("threshold") && !(td.getValue("threshold") instanceof Number n && n.doubleValue() >= 0 && n.doubleValue() <= 1))
            throw new Bad("invalid_value", "threshold must be a number from 0.0 to 1.0.", p + ".threshold");
        for (String ms : List.of("prefix_padding_ms", "silence_duration_ms"))
            if (td.containsKey(ms) && !(td.getValue(ms) instanceof Integer i && i >= 0)) throw new Bad("invalid_value", ms + " must be a whole number ≥ 0.", p + "." + ms);
        if (td.getValue("idle_timeout_ms") != null && !(td.getValue("idle_timeout_ms") instanceof Integer))
            throw new Bad("invalid_type", "idle_timeout_ms must be an integer or null.", p + ".idle_timeout_ms");
        for (String b : List.of("create_response", "interrupt_response"))
            if (td.containsKey(b) && !(td.getValue(b) instanceof Boolean)) throw new Bad("invalid_type", b + " must be a boolean.", p + "." + b);
        if (td.containsKey("eagerness")) oneOf(td.getValue("eagerness"), List.of("low", "medium", "high", "auto"), p + ".eagerness");
    }

    /** Doc §5: {"type":"function","name","description","parameters"}, parameters a JSON Schema object. */
    private static void tools(JsonArray tools) {
        for (int i = 0; i < tools.size(); i++) {
            String p = "session.tools[" + i + "]";
            if (!(tools.getValue(i) instanceof JsonObject t)) throw new Bad("invalid_type", "Each tool must be an object.", p);
            keys(t, Set.of("type", "name", "description", "parameters"), p);
            oneOf(t.getValue("type"), List.of("function"), p + ".type");
            if (!(t.getValue("name") instanceof String n) || n.isEmpty()) throw missing(p + ".name");
            string(t, "description", p);
            if (t.containsKey("parameters")) object(t, "parameters", p);
        }
    }

    private static void toolChoice(Object c) {
        if (c instanceof JsonObject f) {
            oneOf(f.getValue("type"), List.of("function"), "session.tool_choice.type");
            if (!(f.getValue("name") instanceof String)) throw missing("session.tool_choice.name");
        } else oneOf(c, List.of("auto", "none", "required"), "session.tool_choice");
    }

    /**
     * Doc §2: only fields present change; {@code audio.input}/{@code audio.output} merge field by
     * field; a turn_detection object is completed with its type's defaults; null clears.
     */
    static JsonObject merge(JsonObject current, JsonObject update) {
        JsonObject next = current.copy();
        for (Map.Entry<String, Object> e : update) {
            if (e.getKey().equals("audio")) continue;
            next.put(e.getKey(), e.getValue() instanceof JsonObject || e.getValue() instanceof JsonArray ? copy(e.getValue()) : e.getValue());
        }
        JsonObject audio = update.getJsonObject("audio");
        if (audio != null) for (String side : List.of("input", "output")) {
            JsonObject part = audio.getJsonObject(side);
            if (part == null) continue;
            JsonObject target = next.getJsonObject("audio").getJsonObject(side);
            for (Map.Entry<String, Object> e : part) {
                Object v = e.getValue() instanceof JsonObject o ? o.copy() : e.getValue();
                if (e.getKey().equals("turn_detection") && v instanceof JsonObject td)
                    v = turnDetectionDefaults(td.getString("type")).mergeIn(td);
                if (e.getKey().equals("format") && v instanceof JsonObject f && f.getString("type").equals("audio/pcm")) f.put("rate", 24000);
                target.put(e.getKey(), v);
            }
        }
        return next;
    }

    private static Object copy(Object v) {
        return v instanceof JsonObject o ? o.copy() : ((JsonArray) v).copy();
    }

    // --- checks that throw Bad with the failing path ---

    private static final class Bad extends RuntimeException {
        final String code;
        final String param;

        Bad(String code, String message, String param) {
            super(message, null, false, false);
            this.code = code;
            this.param = param;
        }
    }

    private static Bad missing(String param) {
        return new Bad("missing_required_parameter", "Missing required parameter: '" + param + "'.", param);
    }

    private static Bad unknown(String param) {
        return new Bad("unknown_parameter", "Unknown parameter: '" + param + "'.", param);
    }

    private static Bad invalid(String param, Object value, List<?> allowed) {
        return new Bad("invalid_value", "Invalid value: '" + value + "'. Supported values are: " + allowed + ".", param);
    }

    private static void oneOf(Object v, List<?> allowed, String param) {
        if (!allowed.contains(v)) throw invalid(param, v, allowed);
    }

    private static void keys(JsonObject o, Set<String> allowed, String path) {
        for (String k : o.fieldNames()) if (!allowed.contains(k)) throw unknown(path + "." + k);
    }

    private static void string(JsonObject o, String key, String path) {
        if (o.containsKey(key) && !(o.getValue(key) instanceof String)) throw new Bad("invalid_type", key + " must be a string.", path + "." + key);
    }

    private static JsonObject object(JsonObject o, String key, String path) {
        if (!(o.getValue(key) instanceof JsonObject v)) throw new Bad("invalid_type", key + " must be an object.", path + "." + key);
        return v;
    }

    private static JsonArray array(JsonObject o, String key, String path) {
        if (!(o.getValue(key) instanceof JsonArray v)) throw new Bad("invalid_type", key + " must be an array.", path + "." + key);
        return v;
    }
}
