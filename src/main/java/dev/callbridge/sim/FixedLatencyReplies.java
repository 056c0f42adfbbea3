package dev.callbridge.sim;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@link FixedLatencyEnginesServer} writes, as bytes and text, with no I/O: the transcription
 * JSON (docs/protocols/openai-audio-transcriptions.md §2), the chat completion's server-sent
 * events (openai-chat-completions.md §2), the speech's raw PCM (openai-audio-speech.md §2) and
 * OpenAI's error envelope. Pure and stateless; one instance serves every request.
 */
final class FixedLatencyReplies {
    /** openai-audio-speech.md §2: 24 kHz, mono, 16-bit signed little-endian. */
    static final int SPEECH_RATE = 24_000;
    static final int SPEECH_BYTES_PER_MS = SPEECH_RATE * 2 / 1000;

    /** Every utterance's translation, by target language; other targets get the text back with the code in front. */
    private static final Map<String, String> TRANSLATIONS = Map.of(
            "en", "Hello, I would like to book a table for two, please.",
            "es", "Hola, quisiera reservar una mesa para dos, por favor.");

    /** The same one-sentence translation for any text into {@code target}: one synthesis per utterance. */
    String translation(String text, String target) {
        String fixed = TRANSLATIONS.get(target);
        return fixed != null ? fixed : "[" + target + "] " + text;
    }

    /** {@code {"text": "…"}}, as OpenAI answers {@code response_format=json}. */
    String transcription(String text) {
        return new JsonObject().put("text", text).encode();
    }

    /**
     * The whole stream of one answer, one string per event (each ends with its blank line): the
     * role-only first chunk, the answer's pieces as content deltas, the {@code stop} chunk, and
     * {@code [DONE]}.
     */
    List<String> chatEvents(String id, String model, long createdSeconds, List<String> pieces) {
        List<String> events = new ArrayList<>(pieces.size() + 3);
        events.add(chunk(id, model, createdSeconds, new JsonObject().put("role", "assistant").put("content", ""), null));
        for (String piece : pieces) events.add(chunk(id, model, createdSeconds, new JsonObject().put("content", piece), null));
        events.add(chunk(id, model, createdSeconds, new JsonObject(), "stop"));
        events.add("data: [DONE]\n\n");
        return events;
    }

    private static String chunk(String id, String model, long created, JsonObject delta, String finishReason) {
        JsonObject choice = new JsonObject().put("index", 0).put("delta", delta).putNull("logprobs").put("finish_reason", finishReason);
        JsonObject chunk = new JsonObject().put("id", id).put("object", "chat.completion.chunk").put("created", created)
                .put("model", model).put("choices", new JsonArray().add(choice));
        return "data: " + chunk.encode() + "\n\n";
    }

    /**
     * {@code millis} of a quiet 220 Hz tone as 24 kHz PCM16 LE: something a listener can tell from
     * silence in {@code simulate --out}, cheap to make once and slice for every request.
     */
    byte[] tone(int millis) {
        int samples = SPEECH_RATE / 1000 * millis;
        byte[] pcm = new byte[samples * 2];
        for (int i = 0; i < samples; i++) {
            short s = (short) Math.round(3000 * Math.sin(2 * Math.PI * 220 * i / SPEECH_RATE));
            pcm[2 * i] = (byte) s;
            pcm[2 * i + 1] = (byte) (s >> 8);
        }
        return pcm;
    }

    /** OpenAI's error envelope; {@code param} and {@code code} may be null. */
    String error(String type, String message, String param, String code) {
        return new JsonObject().put("error", new JsonObject().put("message", message).put("type", type)
                .put("param", param).put("code", code)).encode();
    }
}
