package dev.callbridge.engine.openai;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * One Realtime WebSocket connection on the fake server: the client events of doc §3 and the
 * server's answers. Every handler runs on the connection's event loop; methods a test calls from
 * its own thread ({@link #resume}, {@link #sendError}, {@link #close}, {@link #drop}) hop onto it.
 */
final class FakeRealtimeSession {
    private final Vertx vertx;
    private final Context context;
    private final ServerWebSocket ws;
    private final HttpConnection connection;
    private final String model;
    private final RealtimeScript script;
    private final RealtimeTimeline timeline;
    private final boolean echo;
    private final String tag;
    private final Conversation conversation;
    private final ScriptedVad vad = new ScriptedVad();
    // --- event-loop state ---
    private volatile JsonObject session;
    private int idCounter;
    private volatile double inputMs; // session audio clock: ms of input audio appended since the start (doc §4 audio_start_ms)
    private double bufferedMs;    // uncommitted input audio
    private String speechItemId;  // the user item that VAD's current speech will become
    private ResponsePlayer active;
    private final EchoResponder echoResponder;
    private volatile boolean closed;

    FakeRealtimeSession(Vertx vertx, ServerWebSocket ws, HttpConnection connection, String model, int number, RealtimeScript script, boolean echo, boolean recordAudio) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.ws = ws;
        this.connection = connection;
        this.model = model;
        this.script = script;
        this.echo = echo;
        this.echoResponder = echo ? new EchoResponder(this) : null;
        this.tag = "S" + number + "x";
        this.timeline = new RealtimeTimeline(recordAudio);
        this.conversation = new Conversation(newId("conv_"));
        this.session = SessionSchema.defaults(newId("sess_"), model, System.currentTimeMillis() / 1000);
        ws.closeHandler(v -> { // the client left: stop a response in flight (its events would go nowhere)
            closed = true;
            if (active != null) active.cancel("client_cancelled");
        });
    }

    /** Milliseconds of input audio appended so far (the session's audio clock). */
    double inputAudioMs() {
        return inputMs;
    }

    /** Doc §2: the first server event on every connection is session.created. */
    void open() {
        ws.textMessageHandler(this::onFrame);
        send(new JsonObject().put("type", "session.created").put("session", session.copy()));
    }

    /** Doc §1/§7: the beta header gets an error event and close code 4000 instead of a session. */
    void refuseBeta() {
        send(RealtimeError.betaShapeDisabled().event(null));
        closeNow((short) 4000, "beta_api_shape_disabled");
    }

    // ------------------------------------------------------------------ inbound

    private void onFrame(String frame) {
        if (echo) {
            String audio = EchoResponder.appendedAudio(frame);
            if (audio != null) {
                timeline.received("input_audio_buffer.append", timeline.recordsAudio() ? new JsonObject(frame) : null);
                echoResponder.echo(audio);
                return;
            }
        }
        JsonObject event;
        try {
            event = new JsonObject(frame);
        } catch (DecodeException e) {
            timeline.received("<invalid json>", new JsonObject().put("raw", frame));
            send(RealtimeError.invalidRequest("invalid_json", "We could not parse the JSON body of your request.", null).event(null)); // ASSUMED text
            return;
        }
        String type = String.valueOf(event.getValue("type"));
        timeline.received(type, event);
        String eventId = event.getString("event_id");
        Optional<RealtimeError> injected = script.takeFailure(type);
        if (injected.isPresent()) {
            send(injected.get().event(eventId));
            return;
        }
        switch (type) {
            case "session.update" -> sessionUpdate(event.getValue("session"), eventId);
            case "input_audio_buffer.append" -> append(event, eventId);
            case "input_audio_buffer.commit" -> commit(eventId);
            case "input_audio_buffer.clear" -> {
                bufferedMs = 0;
                send(new JsonObject().put("type", "input_audio_buffer.cleared"));
            }
            case "conversation.item.create" -> createItem(event, eventId);
            case "conversation.item.truncate" -> truncate(event, eventId);
            case "conversation.item.delete" -> {
                String id = event.getString("item_id");
                if (id != null && conversation.remove(id)) send(new JsonObject().put("type", "conversation.item.deleted").put("item_id", id));
                else send(itemNotFound(id).event(eventId));
            }
            case "conversation.item.retrieve" -> {
                Optional<JsonObject> item = conversation.get(String.valueOf(event.getValue("item_id")));
                if (item.isPresent()) send(new JsonObject().put("type", "conversation.item.retrieved").put("item", item.get().copy()));
                else send(itemNotFound(event.getString("item_id")).event(eventId));
            }
            case "response.create" -> {
                if (!script.answersResponseCreate()) return; // a stalled model: read, never answered
                if (active != null) send(RealtimeError.activeResponse(active.responseId).event(eventId));
                else startResponse(() -> {});
            }
            case "response.cancel" -> {
                if (active == null) send(RealtimeError.cancelNotActive().event(eventId));
                else active.cancel("client_cancelled");
            }
            default -> send(RealtimeError.invalidRequest("invalid_value", "Invalid value: '" + type + "'. Supported values are the client events of the GA API.", "type").event(eventId)); // ASSUMED text
        }
    }

    private void sessionUpdate(Object update, String eventId) {
        if (!(update instanceof JsonObject s)) {
            send(RealtimeError.invalidRequest("missing_required_parameter", "Missing required parameter: 'session'.", "session").event(eventId));
            return;
        }
        Optional<SessionSchema.Invalid> invalid = SessionSchema.validate(s, session, model, conversation.anyAudioSent());
        if (invalid.isPresent()) {
            send(invalid.get().error().event(eventId));
            if (invalid.get().betaShape()) closeNow((short) 4000, "beta_api_shape_disabled"); // doc §1
            return;
        }
        session = SessionSchema.merge(session, s);
        JsonObject updated = new JsonObject().put("type", "session.updated").put("session", session.copy());
        long delayMs = script.updateAckDelayMs();
        if (delayMs > 0) vertx.setTimer(delayMs, t -> send(updated)); // in effect already; only the answer is late
        else send(updated);
    }

    private void append(JsonObject event, String eventId) {
        byte[] audio;
        try {
            audio = Base64.getDecoder().decode(String.valueOf(event.getValue("audio")));
        } catch (IllegalArgumentException e) {
            send(RealtimeError.invalidRequest("invalid_value", "Invalid 'audio'. Expected base64-encoded audio bytes.", "audio").event(eventId)); // ASSUMED text
            return;
        }
        double ms = (double) audio.length / bytesPerMs(format("input"));
        double fromMs = inputMs;
        inputMs += ms;
        bufferedMs += ms;
        ScriptedVad.Listener listener = new ScriptedVad.Listener() {
            @Override
            public void speechStarted(long audioStartMs) {
                onSpeechStarted(audioStartMs);
            }

            @Override
            public void speechStopped(long audioEndMs, RealtimeScript.Speech speech) {
                onSpeechStopped(audioEndMs, speech);
            }
        };
        if (script.energyThreshold() >= 0) vad.advanceEnergy(audio, format("input"), fromMs, inputMs, turnDetection(), script, listener);
        else vad.advance(inputMs, turnDetection(), script, listener);
    }

    /** Doc §4 end: speech during output with interrupt_response cancels the in-flight response. */
    private void onSpeechStarted(long audioStartMs) {
        speechItemId = newId("item_");
        send(new JsonObject().put("type", "input_audio_buffer.speech_started").put("audio_start_ms", audioStartMs).put("item_id", speechItemId));
        if (active != null && turnDetection().getBoolean("interrupt_response", true)) active.cancel("turn_detected");
    }

    /** Doc §4 "Typical event order": stopped → committed → item added → (transcription) → response. */
    private void onSpeechStopped(long audioEndMs, RealtimeScript.Speech speech) {
        send(new JsonObject().put("type", "input_audio_buffer.speech_stopped").put("audio_end_ms", audioEndMs).put("item_id", speechItemId));
        String itemId = speechItemId;
        commitBuffer(itemId);
        Runnable transcription = session.getJsonObject("audio").getJsonObject("input").getValue("transcription") == null ? () -> {}
                : () -> transcribe(itemId, speech);
        boolean respond = turnDetection().getBoolean("create_response", true) && active == null; // ASSUMED: no second response while one runs
        if (respond) startResponse(transcription);
        else transcription.run();
    }

    private void commit(String eventId) {
        if (bufferedMs < 100) { // doc §3/§7
            send(RealtimeError.commitEmpty(bufferedMs).event(eventId));
            return;
        }
        commitBuffer(newId("item_"));
    }

    private void commitBuffer(String itemId) {
        bufferedMs = 0;
        JsonObject item = new JsonObject().put("id", itemId).put("object", "realtime.item").put("type", "message").put("status", "completed")
                .put("role", "user").put("content", new JsonArray().add(new JsonObject().put("type", "input_audio").put("transcript", null)));
        String previous = conversation.add(item);
        send(new JsonObject().put("type", "input_audio_buffer.committed").put("previous_item_id", previous).put("item_id", itemId));
        send(new JsonObject().put("type", "conversation.item.added").put("previous_item_id", previous).put("item", item.copy()));
    }

    /** Doc §2 "Input transcription" / §4: delta(s) then completed, with the scripted text. Usage shape ASSUMED. */
    private void transcribe(String itemId, RealtimeScript.Speech speech) {
        String text = speech.transcript() == null ? "" : speech.transcript();
        for (String piece : ResponsePlayer.pieces(text))
            send(new JsonObject().put("type", "conversation.item.input_audio_transcription.delta").put("item_id", itemId)
                    .put("content_index", 0).put("delta", piece));
        send(new JsonObject().put("type", "conversation.item.input_audio_transcription.completed").put("item_id", itemId)
                .put("content_index", 0).put("transcript", text)
                .put("usage", new JsonObject().put("type", "duration").put("seconds", (speech.endMs() - speech.startMs()) / 1000.0)));
        conversation.get(itemId).ifPresent(i -> i.getJsonArray("content").getJsonObject(0).put("transcript", text));
    }

    /** Doc §3: added then done (GA). A function_call_output must answer a call the model made (ASSUMED error). */
    private void createItem(JsonObject event, String eventId) {
        if (!(event.getValue("item") instanceof JsonObject item)) {
            send(RealtimeError.invalidRequest("missing_required_parameter", "Missing required parameter: 'item'.", "item").event(eventId));
            return;
        }
        String type = String.valueOf(item.getValue("type"));
        if (!List.of("message", "function_call", "function_call_output").contains(type)) {
            send(RealtimeError.invalidRequest("invalid_value", "Invalid value: '" + type + "'. Supported values are: 'message', 'function_call', and 'function_call_output'.", "item.type").event(eventId));
            return;
        }
        if (type.equals("function_call_output")) {
            String callId = String.valueOf(item.getValue("call_id"));
            if (!conversation.hasFunctionCall(callId)) {
                send(RealtimeError.invalidRequest("invalid_value", "Tool call ID '" + callId + "' not found in conversation.", "item.call_id").event(eventId));
                return;
            }
            if (!(item.getValue("output") instanceof String)) {
                send(RealtimeError.invalidRequest("missing_required_parameter", "Missing required parameter: 'item.output'.", "item.output").event(eventId));
                return;
            }
        }
        JsonObject stored = item.copy().put("object", "realtime.item").put("status", "completed");
        if (stored.getString("id") == null) stored.put("id", newId("item_"));
        String previous = conversation.add(stored);
        send(new JsonObject().put("type", "conversation.item.added").put("previous_item_id", previous).put("item", stored.copy()));
        send(new JsonObject().put("type", "conversation.item.done").put("previous_item_id", previous).put("item", stored.copy()));
    }

    private void truncate(JsonObject event, String eventId) {
        Optional<RealtimeError> error = conversation.truncate(event.getString("item_id"), event.getInteger("content_index", 0),
                event.getValue("audio_end_ms") instanceof Number n ? n.longValue() : -1);
        if (error.isPresent()) send(error.get().event(eventId));
        else send(new JsonObject().put("type", "conversation.item.truncated").put("item_id", event.getString("item_id"))
                .put("content_index", event.getInteger("content_index", 0)).put("audio_end_ms", event.getValue("audio_end_ms")));
    }

    private static RealtimeError itemNotFound(String id) {
        return RealtimeError.invalidRequest("invalid_value", "Item with item_id '" + id + "' not found.", "item_id"); // ASSUMED text
    }

    // ------------------------------------------------------------------ responses

    private void startResponse(Runnable inputTranscription) {
        int silence = 200 * outputBytesPerMs();
        ScriptedResponse next = script.nextResponse(silence);
        if (next.isFunctionCall()) inputTranscription.run(); // no audio to interleave it with
        active = new ResponsePlayer(this, next, next.isFunctionCall() ? () -> {} : inputTranscription);
        active.start();
    }

    void responseFinished(ResponsePlayer player) {
        if (active == player) active = null;
    }

    /** Continues a response held by {@link ScriptedResponse#holdAfter}. */
    void resume() {
        context.runOnContext(v -> {
            if (active != null) active.resume();
        });
    }

    // ------------------------------------------------------------------ for ResponsePlayer

    /** Writes a frame built elsewhere (echo mode), already recorded in the timeline. */
    void sendRaw(String frame) {
        if (!closed) ws.writeTextMessage(frame);
    }

    /** Every server event leaves through here: it gets its event_id, joins the timeline, and is written. */
    void send(JsonObject event) {
        if (closed) return;
        event.put("event_id", newId("event_"));
        timeline.sent(event.getString("type"), event);
        ws.writeTextMessage(event.encode());
    }

    String newId(String prefix) {
        return prefix + tag + String.format("%05d", ++idCounter);
    }

    String addItem(JsonObject item) {
        return conversation.add(item.copy());
    }

    void replaceItem(JsonObject item) {
        conversation.replace(item.copy());
    }

    String previousItemId(String itemId) {
        return conversation.previousOf(itemId);
    }

    void audioSent(String itemId, int bytes) {
        conversation.audioSent(itemId, (double) bytes / outputBytesPerMs());
    }

    double audioMsSent(String itemId) {
        return conversation.audioMsSent(itemId);
    }

    String conversationId() {
        return conversation.id;
    }

    JsonObject outputAudio() {
        JsonObject out = session.getJsonObject("audio").getJsonObject("output");
        return new JsonObject().put("format", out.getJsonObject("format").copy()).put("voice", out.getValue("voice"));
    }

    int outputBytesPerMs() {
        return bytesPerMs(format("output"));
    }

    Vertx vertx() {
        return vertx;
    }

    Context context() {
        return context;
    }

    private String format(String side) {
        return session.getJsonObject("audio").getJsonObject(side).getJsonObject("format").getString("type");
    }

    private JsonObject turnDetection() {
        return session.getJsonObject("audio").getJsonObject("input").getJsonObject("turn_detection");
    }

    /** Doc §2 "Audio formats": pcm16 at 24 kHz is 48 bytes per ms; μ-law/A-law at 8 kHz is 8. */
    static int bytesPerMs(String format) {
        return format.equals("audio/pcm") ? 48 : 8;
    }

    // ------------------------------------------------------------------ for tests

    RealtimeTimeline timeline() {
        return timeline;
    }

    RealtimeScript script() {
        return script;
    }

    /** The effective session, as the last session.created/updated carried it. */
    JsonObject effectiveSession() {
        return session.copy();
    }

    /** The conversation's items as the fake holds them now (transcripts cut by truncation included). */
    List<JsonObject> conversationItems() {
        java.util.concurrent.CompletableFuture<List<JsonObject>> items = new java.util.concurrent.CompletableFuture<>();
        context.runOnContext(v -> items.complete(conversation.items())); // the conversation belongs to the session's loop
        return items.join();
    }

    List<Conversation.Truncation> truncations() {
        return conversation.truncations();
    }

    boolean isClosed() {
        return closed;
    }

    /** Injects an error event now, as the server may at any time (doc §4: most errors are recoverable). */
    void sendError(RealtimeError error) {
        context.runOnContext(v -> send(error.event(null)));
    }

    void close(short code, String reason) {
        context.runOnContext(v -> closeNow(code, reason));
    }

    /** Ends the TCP connection without a close frame, as a network failure would (the client sees 1006). */
    void drop() {
        context.runOnContext(v -> {
            closed = true;
            if (active != null) active.cancel("client_cancelled");
            // HttpConnection.close() is graceful (it sends a close frame); this is a bare TCP reset, which the
            // client sees as 1006. Vert.x internal API, tolerated in test code.
            io.netty.channel.Channel channel = ((io.vertx.core.net.impl.ConnectionBase) connection).channel();
            channel.config().setOption(io.netty.channel.ChannelOption.SO_LINGER, 0); // RST, as a crashed peer
            // Unsafe close skips the pipeline, where Vert.x would write a close frame first; Vert.x still
            // learns of the closed channel (channelInactive) and releases the connection.
            channel.unsafe().close(channel.voidPromise());
        });
    }

    private void closeNow(short code, String reason) {
        if (closed) return;
        closed = true; // first: the player below stops without sending anything more
        if (active != null) active.cancel("client_cancelled");
        ws.close(code, reason);
    }
}
