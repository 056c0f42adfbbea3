package dev.callbridge.engine.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.callbridge.engine.FunctionTool;
import dev.callbridge.engine.openai.RealtimeClientEvent.*;
import dev.callbridge.engine.openai.RealtimeSessionConfig.TurnDetection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Encodes client events with Jackson's streaming generator in the GA shapes of
 * protocols/openai-realtime.md (section 2 for {@code session}, section 3 for the rest).
 * Output is UTF-8 bytes, the payload of the text frame the Realtime socket takes.
 */
final class ClientEventWriter {
    // Thread-safe; the mapper is only needed to write the tools' JSON Schema trees.
    private static final ObjectMapper TREES = new ObjectMapper();

    private ClientEventWriter() {}

    /** UTF-8 JSON, which is what a text frame carries: the transport sends these bytes as they are. */
    static byte[] write(RealtimeClientEvent event) {
        if (event instanceof InputAudioAppend a && a.eventId() == null) {
            byte[] frame = plainAppend(a.audioBase64());
            if (frame != null) return frame;
        }
        int sizeHint = event instanceof InputAudioAppend a ? 64 + a.audioBase64().length() : 512;
        ByteArrayBuilder out = new ByteArrayBuilder(sizeHint);
        try (JsonGenerator g = TREES.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("type", event.type());
            if (event.eventId() != null) {
                g.writeStringField("event_id", event.eventId());
            }
            switch (event) {
                case InputAudioAppend e -> g.writeStringField("audio", e.audioBase64());
                case SessionUpdate e -> {
                    g.writeFieldName("session");
                    session(g, e.session());
                }
                case InputAudioCommit e -> { }
                case InputAudioClear e -> { }
                case ResponseCreate e -> {
                    if (e.instructions() != null) {
                        g.writeObjectFieldStart("response");
                        g.writeStringField("instructions", e.instructions());
                        g.writeEndObject();
                    }
                }
                case ResponseCancel e -> optional(g, "response_id", e.responseId());
                case ItemTruncate e -> {
                    g.writeStringField("item_id", e.itemId());
                    g.writeNumberField("content_index", e.contentIndex());
                    g.writeNumberField("audio_end_ms", e.audioEndMs());
                }
                case CreateItem e -> {
                    optional(g, "previous_item_id", e.previousItemId());
                    g.writeFieldName("item");
                    item(g, e.item());
                }
                case ItemRetrieve e -> g.writeStringField("item_id", e.itemId());
                case CreateFunctionCallOutput e -> {
                    g.writeObjectFieldStart("item");
                    g.writeStringField("type", "function_call_output");
                    g.writeStringField("call_id", e.callId());
                    g.writeStringField("output", e.output());
                    g.writeEndObject();
                }
            }
            g.writeEndObject();
            g.close(); // flushes into `out`; closing again at the end of the block is a no-op
            return out.toByteArray();
        } catch (IOException e) {
            // Writing to memory does no I/O; Jackson would only complain about a malformed sequence of calls.
            throw new UncheckedIOException("bug in the Realtime client event writer", e);
        }
    }

    private static final byte[] APPEND_HEAD = "{\"type\":\"input_audio_buffer.append\",\"audio\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] APPEND_TAIL = "\"}".getBytes(StandardCharsets.US_ASCII);

    /**
     * The append, the one event sent for every piece of caller audio, written straight into its
     * frame: the same bytes the generator would write, without a generator, its buffers and its
     * per-character escaping checks. Base64 never needs escaping; text with anything outside its
     * alphabet (a pass-through payload could hold anything) returns null and takes the general path.
     */
    private static byte[] plainAppend(String base64) {
        int n = base64.length();
        byte[] frame = new byte[APPEND_HEAD.length + n + APPEND_TAIL.length];
        System.arraycopy(APPEND_HEAD, 0, frame, 0, APPEND_HEAD.length);
        for (int i = 0, at = APPEND_HEAD.length; i < n; i++, at++) {
            char c = base64.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '=')) {
                return null;
            }
            frame[at] = (byte) c;
        }
        System.arraycopy(APPEND_TAIL, 0, frame, APPEND_HEAD.length + n, APPEND_TAIL.length);
        return frame;
    }

    private static void item(JsonGenerator g, RealtimeItem item) throws IOException {
        g.writeStartObject();
        optional(g, "id", item.id());
        g.writeStringField("type", item.type());
        optional(g, "role", item.role());
        optional(g, "call_id", item.callId());
        optional(g, "name", item.name());
        optional(g, "arguments", item.arguments());
        optional(g, "output", item.output());
        if (!item.content().isEmpty()) {
            g.writeArrayFieldStart("content");
            for (RealtimeItem.ContentPart part : item.content()) {
                g.writeStartObject();
                g.writeStringField("type", part.type());
                optional(g, "text", part.text());
                optional(g, "transcript", part.transcript());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void session(JsonGenerator g, RealtimeSessionConfig s) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "realtime");
        optional(g, "model", s.model());
        optional(g, "instructions", s.instructions());
        if (s.inputFormat() != null || s.outputFormat() != null || s.turnDetection() != null
                || s.transcription() != null || s.voice() != null) {
            g.writeObjectFieldStart("audio");
            if (s.inputFormat() != null || s.turnDetection() != null || s.transcription() != null) {
                g.writeObjectFieldStart("input");
                format(g, s.inputFormat());
                if (s.transcription() != null) {
                    g.writeObjectFieldStart("transcription");
                    g.writeStringField("model", s.transcription().model());
                    optional(g, "language", s.transcription().language());
                    g.writeEndObject();
                }
                if (s.turnDetection() != null) {
                    g.writeFieldName("turn_detection");
                    turnDetection(g, s.turnDetection());
                }
                g.writeEndObject();
            }
            if (s.outputFormat() != null || s.voice() != null) {
                g.writeObjectFieldStart("output");
                format(g, s.outputFormat());
                optional(g, "voice", s.voice());
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        if (s.tools() != null) {
            g.writeArrayFieldStart("tools");
            for (FunctionTool tool : s.tools()) {
                g.writeStartObject();
                g.writeStringField("type", "function");
                g.writeStringField("name", tool.name());
                optional(g, "description", tool.description());
                g.writeFieldName("parameters");
                TREES.writeTree(g, tool.parameters());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        if (s.toolChoice() != null) {
            if (s.toolChoice().functionName() == null) {
                g.writeStringField("tool_choice", s.toolChoice().mode());
            } else {
                g.writeObjectFieldStart("tool_choice");
                g.writeStringField("type", "function");
                g.writeStringField("name", s.toolChoice().functionName());
                g.writeEndObject();
            }
        }
        g.writeEndObject();
    }

    private static void format(JsonGenerator g, RealtimeSessionConfig.RealtimeAudioFormat format) throws IOException {
        if (format == null) {
            return;
        }
        g.writeObjectFieldStart("format");
        g.writeStringField("type", format.wireType());
        if (format == RealtimeSessionConfig.RealtimeAudioFormat.PCM_24K) {
            g.writeNumberField("rate", 24000); // the only rate audio/pcm accepts; G.711 formats take no rate
        }
        g.writeEndObject();
    }

    private static void turnDetection(JsonGenerator g, TurnDetection turnDetection) throws IOException {
        switch (turnDetection) {
            case TurnDetection.Disabled d -> g.writeNull();
            case TurnDetection.ServerVad v -> {
                g.writeStartObject();
                g.writeStringField("type", "server_vad");
                g.writeNumberField("threshold", v.threshold());
                g.writeNumberField("prefix_padding_ms", v.prefixPaddingMs());
                g.writeNumberField("silence_duration_ms", v.silenceDurationMs());
                g.writeBooleanField("create_response", v.createResponse());
                g.writeBooleanField("interrupt_response", v.interruptResponse());
                g.writeEndObject();
            }
            case TurnDetection.SemanticVad v -> {
                g.writeStartObject();
                g.writeStringField("type", "semantic_vad");
                g.writeStringField("eagerness", v.eagerness());
                g.writeBooleanField("create_response", v.createResponse());
                g.writeBooleanField("interrupt_response", v.interruptResponse());
                g.writeEndObject();
            }
        }
    }

    private static void optional(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }
}
