package dev.callbridge.engine.openai;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Plays one scripted response as the GA server event sequence (doc §4 "Typical event order",
 * doc §5 for function calls), one event per event-loop turn so that a {@code response.cancel} or a
 * barge-in arriving meanwhile is handled between two deltas, as on the real socket.
 *
 * <p>Runs only on its session's event loop; no field needs a lock.
 */
final class ResponsePlayer {
    /** One server event (or a small group) to emit; {@code chunk} marks an audio/argument delta. */
    private record Step(Runnable emit, boolean chunk) {}

    /** One output item of the response: the assistant's audio message, or a function call. */
    private final class Output {
        final int index;
        final boolean call;
        final String itemId = session.newId("item_");
        final String callId;
        final StringBuilder transcriptSent = new StringBuilder();
        final StringBuilder argumentsSent = new StringBuilder();
        boolean started;
        boolean argumentsDone;

        Output(int index, boolean call) {
            this.index = index;
            this.call = call;
            this.callId = call ? session.newId("call_") : null;
        }
    }

    private final FakeRealtimeSession session;
    private final ScriptedResponse script;
    final String responseId;
    private final List<Output> outputs = new ArrayList<>();
    private final List<Step> steps = new ArrayList<>();
    private final long chunkDelayMs;
    private int next;
    private int chunksSent;
    private boolean finished;
    private boolean held;
    private long timer = -1;

    /** @param beforeAudioDone emitted after the last audio delta (the turn's input transcription, doc §4); may be a no-op */
    ResponsePlayer(FakeRealtimeSession session, ScriptedResponse script, Runnable beforeAudioDone) {
        this.session = session;
        this.script = script;
        this.responseId = session.newId("resp_");
        this.chunkDelayMs = script.realTime() ? script.chunkMs() : 0;
        steps.add(new Step(() -> session.send(event("response.created").put("response", response("in_progress", null, new JsonArray()))), false));
        // Doc §4: rate_limits.updated is sent at response start. Figures are invented.
        steps.add(new Step(() -> session.send(new JsonObject().put("type", "rate_limits.updated").put("rate_limits", new JsonArray()
                .add(new JsonObject().put("name", "requests").put("limit", 5000).put("remaining", 4999).put("reset_seconds", 0.012))
                .add(new JsonObject().put("name", "tokens").put("limit", 400000).put("remaining", 399000).put("reset_seconds", 0.15)))), false));
        // Output items one after the other, each added, streamed and done before the next (doc §4, §5).
        if (script.hasFunctionCall() && (script.callFirst() || !script.hasAudio())) outputs.add(new Output(0, true));
        if (script.hasAudio()) outputs.add(new Output(outputs.size(), false));
        if (script.hasFunctionCall() && outputs.size() == 1 && script.hasAudio()) outputs.add(new Output(1, true));
        for (Output o : outputs) outputSteps(o, beforeAudioDone);
        steps.add(new Step(() -> {
            JsonArray output = new JsonArray();
            for (Output o : outputs) output.add(item(o, "completed"));
            finish(response("completed", null, output));
        }, false));
    }

    private void outputSteps(Output o, Runnable beforeAudioDone) {
        steps.add(new Step(() -> {
            o.started = true;
            JsonObject item = item(o, "in_progress");
            session.send(event("response.output_item.added").put("output_index", o.index).put("item", item));
            session.send(new JsonObject().put("type", "conversation.item.added").put("previous_item_id", session.addItem(item)).put("item", item));
        }, false));
        if (o.call) functionCallSteps(o);
        else audioSteps(o, beforeAudioDone);
        steps.add(new Step(() -> {
            JsonObject item = item(o, "completed");
            session.replaceItem(item);
            session.send(event("response.output_item.done").put("output_index", o.index).put("item", item));
            session.send(new JsonObject().put("type", "conversation.item.done").put("previous_item_id", session.previousItemId(o.itemId)).put("item", item));
        }, false));
    }

    private void audioSteps(Output o, Runnable beforeAudioDone) {
        steps.add(new Step(() -> session.send(part(o, "response.content_part.added", "")), false));
        byte[] audio = script.audio();
        int chunkBytes = Math.max(1, script.chunkMs() * session.outputBytesPerMs());
        List<String> words = pieces(script.transcript());
        int chunks = (audio.length + chunkBytes - 1) / chunkBytes;
        for (int c = 0; c < Math.max(chunks, words.size()); c++) {
            int from = c * chunkBytes;
            String word = c < words.size() ? words.get(c) : null;
            boolean hasAudio = from < audio.length;
            steps.add(new Step(() -> {
                if (hasAudio) {
                    int len = Math.min(chunkBytes, audio.length - from);
                    session.audioSent(o.itemId, len);
                    session.send(ids(o, "response.output_audio.delta").put("delta", Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(audio, from, from + len))));
                }
                if (word != null) { // interleaved with the audio it belongs to (doc §4)
                    o.transcriptSent.append(word);
                    session.send(ids(o, "response.output_audio_transcript.delta").put("delta", word));
                }
            }, hasAudio));
        }
        steps.add(new Step(() -> {
            beforeAudioDone.run();
            session.send(ids(o, "response.output_audio.done"));
            session.send(ids(o, "response.output_audio_transcript.done").put("transcript", script.transcript()));
            session.send(part(o, "response.content_part.done", script.transcript()));
        }, false));
    }

    private void functionCallSteps(Output o) {
        String args = script.arguments();
        int n = Math.min(script.argumentChunks(), Math.max(1, args.length()));
        for (int c = 0; c < n; c++) {
            String piece = args.substring(c * args.length() / n, (c + 1) * args.length() / n);
            steps.add(new Step(() -> {
                o.argumentsSent.append(piece);
                session.send(event("response.function_call_arguments.delta").put("item_id", o.itemId).put("output_index", o.index)
                        .put("call_id", o.callId).put("delta", piece));
            }, true));
        }
        steps.add(new Step(() -> argumentsDone(o), false));
    }

    private void argumentsDone(Output o) {
        o.argumentsDone = true;
        session.send(event("response.function_call_arguments.done").put("item_id", o.itemId).put("output_index", o.index)
                .put("call_id", o.callId).put("name", script.functionName()).put("arguments", o.argumentsSent.toString()));
    }

    void start() {
        advance();
    }

    boolean finished() {
        return finished;
    }

    /** Continues a response stopped by {@link ScriptedResponse#holdAfter}. */
    void resume() {
        if (held && !finished) {
            held = false;
            advance();
        }
    }

    private void advance() {
        timer = -1;
        if (finished || next >= steps.size()) return;
        Step step = steps.get(next++);
        step.emit.run();
        if (finished) return;
        if (step.chunk) chunksSent++;
        if (step.chunk && chunksSent == script.holdAfterChunks()) held = true;
        else if (step.chunk && chunkDelayMs > 0) timer = session.vertx().setTimer(chunkDelayMs, t -> advance());
        else session.context().runOnContext(v -> advance()); // yield: a cancel may arrive between two events
    }

    /**
     * Doc §3/§4: the in-flight response ends with {@code response.done} status {@code cancelled};
     * no further deltas. Doc §4: {@code function_call_arguments.done} is also emitted when a call is
     * cancelled. Whether the real server also closes the content part / output item before
     * {@code response.done} is not in the doc; this fake does not (ASSUMED).
     *
     * @param reason {@code client_cancelled} or {@code turn_detected} (status_details values ASSUMED)
     */
    void cancel(String reason) {
        if (finished) return;
        if (timer >= 0) session.vertx().cancelTimer(timer);
        JsonArray output = new JsonArray();
        for (Output o : outputs) {
            if (!o.started) continue;
            if (o.call && !o.argumentsDone) argumentsDone(o);
            JsonObject item = item(o, "incomplete");
            session.replaceItem(item);
            output.add(item);
        }
        finish(response("cancelled", new JsonObject().put("type", "cancelled").put("reason", reason), output));
    }

    private void finish(JsonObject response) {
        finished = true;
        session.send(event("response.done").put("response", response));
        session.responseFinished(this);
    }

    // --- event shapes (doc §4 table) ---

    private JsonObject event(String type) {
        return new JsonObject().put("type", type).put("response_id", responseId);
    }

    private JsonObject ids(Output o, String type) {
        return event(type).put("item_id", o.itemId).put("output_index", o.index).put("content_index", 0);
    }

    /** GA content part type {@code output_audio}: ASSUMED in doc §3. */
    private JsonObject part(Output o, String type, String transcript) {
        return ids(o, type).put("part", new JsonObject().put("type", "output_audio").put("transcript", transcript));
    }

    private JsonObject item(Output o, String status) {
        JsonObject item = new JsonObject().put("id", o.itemId).put("object", "realtime.item").put("status", status);
        if (o.call) return item.put("type", "function_call").put("call_id", o.callId)
                .put("name", script.functionName()).put("arguments", status.equals("in_progress") ? "" : o.argumentsSent.toString());
        JsonArray content = status.equals("in_progress") ? new JsonArray()
                : new JsonArray().add(new JsonObject().put("type", "output_audio").put("transcript", o.transcriptSent.toString()));
        return item.put("type", "message").put("role", "assistant").put("content", content);
    }

    private JsonObject response(String status, JsonObject details, JsonArray output) {
        JsonObject r = new JsonObject().put("id", responseId).put("object", "realtime.response").put("status", status)
                .put("status_details", details).put("output", output).put("conversation_id", session.conversationId())
                .put("output_modalities", new JsonArray().add("audio")).put("max_output_tokens", "inf")
                .put("audio", new JsonObject().put("output", session.outputAudio())).put("metadata", null);
        return r.put("usage", status.equals("in_progress") ? null : usage());
    }

    /** Token counts are invented but deterministic: 1 audio token per 50 ms sent, 1 text token per word. */
    private JsonObject usage() {
        int audioTokens = 0;
        int textTokens = 0;
        for (Output o : outputs) {
            audioTokens += (int) (session.audioMsSent(o.itemId) / 50);
            textTokens += pieces(o.call ? o.argumentsSent.toString() : o.transcriptSent.toString()).size();
        }
        int input = 100;
        return new JsonObject().put("total_tokens", input + audioTokens + textTokens).put("input_tokens", input)
                .put("output_tokens", audioTokens + textTokens)
                .put("input_token_details", new JsonObject().put("text_tokens", input).put("audio_tokens", 0).put("cached_tokens", 0))
                .put("output_token_details", new JsonObject().put("text_tokens", textTokens).put("audio_tokens", audioTokens));
    }

    /** Splits text into word pieces that concatenate back to it ("Sure, for" → "Sure,", " for"). */
    static List<String> pieces(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= text.length(); i++)
            if (i == text.length() || (text.charAt(i) == ' ' && text.charAt(i - 1) != ' ')) {
                if (i > start) out.add(text.substring(start, i));
                start = i;
            }
        return out;
    }
}
