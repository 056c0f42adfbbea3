package dev.callbridge.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;

/**
 * One connection of the echo server, as protocols/openai-realtime.md lays it out: it opens with
 * {@code session.created}, answers {@code session.update} with the merged {@code session.updated},
 * and answers every {@code input_audio_buffer.append} with a {@code response.output_audio.delta}
 * carrying the same base64, inside one response that opens on the first append and never ends
 * (a load-test caller never stops talking). Other client events are accepted and ignored.
 *
 * <p>No I/O: frames go to {@code out}. Not thread-safe; the server calls it on the connection's
 * event loop only.
 */
final class RealtimeEchoSession {
    /** What a frame turned out to be, for the server's counters. */
    enum Outcome { ECHOED, ERROR, OTHER }

    private final RealtimeEchoCodec codec;
    private final Consumer<String> out;
    private final String tag;
    private final String model;
    private ObjectNode session;
    private long eventCounter;
    /** The one open echo response and its item; null until the first append. */
    private String responseId;
    private String itemId;

    /**
     * @param tag unique per connection; every id this session hands out contains it
     */
    RealtimeEchoSession(RealtimeEchoCodec codec, Consumer<String> out, String tag, String model, long nowSeconds) {
        this.codec = codec;
        this.out = out;
        this.tag = tag;
        this.model = model;
        this.session = RealtimeSessionObject.defaults("sess_" + tag, model, nowSeconds);
    }

    /** Doc §2: the first server event on every connection. */
    void open() {
        out.accept(codec.session("session.created", nextEventId(), session.deepCopy()));
    }

    Outcome onFrame(String frame) {
        RealtimeEchoCodec.ClientEvent event;
        try {
            event = codec.decode(frame);
        } catch (RealtimeEchoCodec.MalformedEvent e) {
            return error("invalid_json", e.getMessage(), null, null); // the socket stays open, as in the real API
        }
        if (event.type() == null) {
            return error("missing_required_parameter", "Missing required parameter: 'type'.", "type", event.eventId());
        }
        return switch (event.type()) {
            case "input_audio_buffer.append" -> append(event);
            case "session.update" -> update(event);
            // Accepted without effect: the echo has no conversation to cancel, truncate, commit or extend.
            default -> Outcome.OTHER;
        };
    }

    private Outcome append(RealtimeEchoCodec.ClientEvent event) {
        String audio = event.audio();
        if (audio == null) {
            return error("missing_required_parameter", "Missing required parameter: 'audio'.", "audio", event.eventId());
        }
        if (!RealtimeEchoCodec.isBase64(audio)) {
            return error("invalid_value", "Invalid 'audio'. Expected base64-encoded audio bytes.", "audio", event.eventId());
        }
        if (responseId == null) openResponse();
        out.accept(codec.audioDelta(nextEventId(), responseId, itemId, audio));
        return Outcome.ECHOED;
    }

    /** Doc §4 "Typical event order": the events that precede a response's first audio delta. */
    private void openResponse() {
        responseId = "resp_" + tag;
        itemId = "item_" + tag;
        out.accept(codec.responseCreated(nextEventId(), responseId, "conv_" + tag, RealtimeSessionObject.outputAudio(session)));
        out.accept(codec.outputItemAdded(nextEventId(), responseId, RealtimeEchoCodec.assistantItem(itemId)));
        out.accept(codec.conversationItemAdded(nextEventId(), null, RealtimeEchoCodec.assistantItem(itemId)));
        out.accept(codec.contentPartAdded(nextEventId(), responseId, itemId));
    }

    private Outcome update(RealtimeEchoCodec.ClientEvent event) {
        if (!(event.session() instanceof ObjectNode update)) {
            return error("missing_required_parameter", "Missing required parameter: 'session'.", "session", event.eventId());
        }
        JsonNode type = update.get("type");
        if (type != null && !"realtime".equals(type.asText())) {
            return error("invalid_value", "Invalid value: " + type + ". The echo server only has 'realtime' sessions.",
                    "session.type", event.eventId());
        }
        JsonNode newModel = update.get("model");
        if (newModel != null && !model.equals(newModel.asText())) {
            return error("invalid_value", "The model cannot be changed with session.update; it is chosen in the URL.",
                    "session.model", event.eventId()); // doc §2
        }
        JsonNode audio = update.get("audio");
        if (audio != null && !audio.isObject()) {
            return error("invalid_type", "Invalid type for 'session.audio': expected an object.", "session.audio", event.eventId());
        }
        ObjectNode merged = RealtimeSessionObject.merge(session, update);
        JsonNode in = RealtimeSessionObject.inputFormat(merged);
        JsonNode outFormat = RealtimeSessionObject.outputFormat(merged);
        if (!in.equals(outFormat)) {
            // The echo sends the caller's own bytes back; in another format they would be noise.
            return error("unsupported_audio_format", "The echo server cannot transcode: audio.input.format " + in
                    + " and audio.output.format " + outFormat + " must be the same.", "session.audio.output.format", event.eventId());
        }
        session = merged;
        out.accept(codec.session("session.updated", nextEventId(), session.deepCopy()));
        return Outcome.OTHER;
    }

    private Outcome error(String code, String message, String param, String clientEventId) {
        out.accept(codec.error(nextEventId(), code, message, param, clientEventId));
        return Outcome.ERROR;
    }

    private String nextEventId() {
        return "event_" + tag + "_" + (++eventCounter);
    }
}
