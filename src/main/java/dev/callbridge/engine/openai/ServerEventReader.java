package dev.callbridge.engine.openai;

import static dev.callbridge.engine.openai.RealtimeProtocolException.Kind.BAD_JSON;
import static dev.callbridge.engine.openai.RealtimeProtocolException.Kind.MISSING_FIELD;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.callbridge.engine.openai.RealtimeServerEvent.*;
import java.io.IOException;

/**
 * Decodes one server frame in a single streaming pass: top-level scalars go into
 * {@link Fields}, nested objects ({@code session}, {@code item}, {@code response},
 * {@code error}, {@code rate_limits}) into trees, and then the {@code type} — which may come
 * anywhere in the object — picks the record. Audio deltas, the only per-chunk event, have no
 * nested objects, so they never touch the tree model.
 *
 * <p>A field with the wrong JSON type is only an error when the event being built reads it:
 * an unknown event with odd fields is still a valid {@link Other}.
 */
final class ServerEventReader {
    // Thread-safe once configured; the factory's symbol tables are shared by all parsers.
    private static final ObjectMapper TREES = new ObjectMapper();
    private static final JsonFactory JSON = TREES.getFactory();
    private static final long ABSENT = -1;

    /** The top-level fields any modelled event reads. */
    private enum Field {
        TYPE, EVENT_ID, RESPONSE_ID, ITEM_ID, PREVIOUS_ITEM_ID, CALL_ID, NAME, ARGUMENTS, DELTA, TRANSCRIPT,
        OUTPUT_INDEX, CONTENT_INDEX, AUDIO_START_MS, AUDIO_END_MS,
        SESSION, ITEM, RESPONSE, ERROR, RATE_LIMITS;

        final String wire = name().toLowerCase(java.util.Locale.ROOT);
    }

    // Field.values() clones its array on every call; this runs per audio chunk.
    private static final int FIELD_COUNT = Field.values().length;

    private static final class Fields {
        final String[] strings = new String[FIELD_COUNT];
        final long[] numbers = new long[FIELD_COUNT];
        final JsonNode[] trees = new JsonNode[FIELD_COUNT];
        // The wrong JSON type seen per field, reported only if the event needs that field.
        final JsonToken[] wrongTypes = new JsonToken[FIELD_COUNT];

        Fields() {
            java.util.Arrays.fill(numbers, ABSENT);
        }
    }

    private ServerEventReader() {}

    static RealtimeServerEvent read(String json) {
        try (JsonParser parser = JSON.createParser(json)) {
            return build(readFields(parser), json);
        } catch (IOException e) {
            throw new RealtimeProtocolException(BAD_JSON, "unparseable: " + describe(e), e);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // Jackson reports some internal limits this way; the frame is still just bad input.
            throw new RealtimeProtocolException(BAD_JSON, "rejected by the JSON parser: " + e.getMessage(), e);
        }
    }

    private static Fields readFields(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new RealtimeProtocolException(BAD_JSON, "frame is not a JSON object");
        }
        Fields f = new Fields();
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken value = p.nextToken();
            switch (name) {
                case "type" -> string(p, value, f, Field.TYPE);
                case "event_id" -> string(p, value, f, Field.EVENT_ID);
                case "response_id" -> string(p, value, f, Field.RESPONSE_ID);
                case "item_id" -> string(p, value, f, Field.ITEM_ID);
                case "previous_item_id" -> string(p, value, f, Field.PREVIOUS_ITEM_ID);
                case "call_id" -> string(p, value, f, Field.CALL_ID);
                case "name" -> string(p, value, f, Field.NAME);
                case "arguments" -> string(p, value, f, Field.ARGUMENTS);
                case "delta" -> string(p, value, f, Field.DELTA);
                case "transcript" -> string(p, value, f, Field.TRANSCRIPT);
                case "output_index" -> number(p, value, f, Field.OUTPUT_INDEX);
                case "content_index" -> number(p, value, f, Field.CONTENT_INDEX);
                case "audio_start_ms" -> number(p, value, f, Field.AUDIO_START_MS);
                case "audio_end_ms" -> number(p, value, f, Field.AUDIO_END_MS);
                case "session" -> tree(p, value, f, Field.SESSION);
                case "item" -> tree(p, value, f, Field.ITEM);
                case "response" -> tree(p, value, f, Field.RESPONSE);
                case "error" -> tree(p, value, f, Field.ERROR);
                case "rate_limits" -> tree(p, value, f, Field.RATE_LIMITS);
                default -> p.skipChildren();
            }
        }
        if (p.nextToken() != null) {
            throw new RealtimeProtocolException(BAD_JSON, "content after the event object");
        }
        return f;
    }

    private static RealtimeServerEvent build(Fields f, String json) {
        if (f.wrongTypes[Field.TYPE.ordinal()] != null) {
            throw wrongType("event", Field.TYPE, "a string", f.wrongTypes[Field.TYPE.ordinal()]);
        }
        String type = f.strings[Field.TYPE.ordinal()];
        if (type == null) {
            throw new RealtimeProtocolException(MISSING_FIELD, "type is missing");
        }
        EventFields e = new EventFields(f, type);
        return switch (type) {
            case "response.output_audio.delta", "response.audio.delta" -> new OutputAudioDelta(e.eventId(),
                    e.require(Field.RESPONSE_ID), e.require(Field.ITEM_ID), e.index(Field.OUTPUT_INDEX),
                    e.index(Field.CONTENT_INDEX), e.require(Field.DELTA));
            case "response.output_audio_transcript.delta", "response.audio_transcript.delta" ->
                    new OutputTranscriptDelta(e.eventId(), e.string(Field.RESPONSE_ID), e.string(Field.ITEM_ID),
                            e.index(Field.OUTPUT_INDEX), e.index(Field.CONTENT_INDEX), e.require(Field.DELTA));
            case "response.output_audio.done", "response.audio.done" -> new OutputAudioDone(e.eventId(),
                    e.string(Field.RESPONSE_ID), e.string(Field.ITEM_ID), e.index(Field.OUTPUT_INDEX),
                    e.index(Field.CONTENT_INDEX));
            case "response.output_audio_transcript.done", "response.audio_transcript.done" ->
                    new OutputTranscriptDone(e.eventId(), e.string(Field.RESPONSE_ID), e.string(Field.ITEM_ID),
                            e.index(Field.OUTPUT_INDEX), e.index(Field.CONTENT_INDEX), e.require(Field.TRANSCRIPT));
            case "input_audio_buffer.speech_started" -> new SpeechStarted(e.eventId(),
                    e.number(Field.AUDIO_START_MS), e.require(Field.ITEM_ID));
            case "input_audio_buffer.speech_stopped" -> new SpeechStopped(e.eventId(),
                    e.number(Field.AUDIO_END_MS), e.require(Field.ITEM_ID));
            case "input_audio_buffer.committed" -> new AudioBufferCommitted(e.eventId(), e.require(Field.ITEM_ID),
                    e.string(Field.PREVIOUS_ITEM_ID));
            case "conversation.item.added", "conversation.item.created" -> new ItemAdded(e.eventId(),
                    e.string(Field.PREVIOUS_ITEM_ID), ServerObjectReader.item(e.tree(Field.ITEM), type, "item"));
            case "conversation.item.retrieved" -> new ItemRetrieved(e.eventId(),
                    ServerObjectReader.item(e.tree(Field.ITEM), type, "item"));
            case "conversation.item.done" -> new ItemDone(e.eventId(), e.string(Field.PREVIOUS_ITEM_ID),
                    ServerObjectReader.item(e.tree(Field.ITEM), type, "item"));
            case "conversation.item.input_audio_transcription.delta" -> new InputTranscriptionDelta(e.eventId(),
                    e.string(Field.ITEM_ID), e.index(Field.CONTENT_INDEX), e.require(Field.DELTA));
            case "conversation.item.input_audio_transcription.completed" -> new InputTranscriptionCompleted(
                    e.eventId(), e.require(Field.ITEM_ID), e.index(Field.CONTENT_INDEX), e.require(Field.TRANSCRIPT));
            case "conversation.item.input_audio_transcription.failed" -> new InputTranscriptionFailed(e.eventId(),
                    e.require(Field.ITEM_ID), e.index(Field.CONTENT_INDEX), e.optionalError());
            case "response.function_call_arguments.delta" -> new FunctionCallArgumentsDelta(e.eventId(),
                    e.string(Field.RESPONSE_ID), e.string(Field.ITEM_ID), e.index(Field.OUTPUT_INDEX),
                    e.string(Field.CALL_ID), e.require(Field.DELTA));
            case "response.function_call_arguments.done" -> new FunctionCallArgumentsDone(e.eventId(),
                    e.string(Field.RESPONSE_ID), e.string(Field.ITEM_ID), e.index(Field.OUTPUT_INDEX),
                    e.require(Field.CALL_ID), e.string(Field.NAME), e.require(Field.ARGUMENTS));
            case "response.created" -> responseCreated(e, type);
            case "response.done" -> responseDone(e, type);
            case "session.created" -> session(e, type, true);
            case "session.updated" -> session(e, type, false);
            case "rate_limits.updated" -> new RateLimitsUpdated(e.eventId(),
                    ServerObjectReader.rateLimits(e.tree(Field.RATE_LIMITS), type));
            case "error" -> new ServerError(e.eventId(),
                    ServerObjectReader.error(e.tree(Field.ERROR), type, "error"));
            default -> new Other(type, json);
        };
    }

    private static RealtimeServerEvent responseCreated(EventFields e, String type) {
        JsonNode response = e.tree(Field.RESPONSE);
        ServerObjectReader.requireObject(response, type, "response");
        return new ResponseCreated(e.eventId(), ServerObjectReader.requireText(response, "id", type, "response"),
                ServerObjectReader.text(response, "status", type, "response"));
    }

    private static RealtimeServerEvent responseDone(EventFields e, String type) {
        JsonNode response = e.tree(Field.RESPONSE);
        ServerObjectReader.requireObject(response, type, "response");
        String reason = null;
        JsonNode details = response.get("status_details");
        if (details != null && !details.isNull()) {
            ServerObjectReader.requireObject(details, type, "response.status_details");
            reason = ServerObjectReader.text(details, "reason", type, "response.status_details");
        }
        return new ResponseDone(e.eventId(), ServerObjectReader.requireText(response, "id", type, "response"),
                ResponseStatus.fromWire(ServerObjectReader.requireText(response, "status", type, "response")),
                reason, ServerObjectReader.items(response.get("output"), type, "response.output"),
                ServerObjectReader.usage(response.get("usage"), type, "response.usage"));
    }

    private static RealtimeServerEvent session(EventFields e, String type, boolean created) {
        JsonNode session = e.tree(Field.SESSION);
        ServerObjectReader.requireObject(session, type, "session");
        String id = ServerObjectReader.text(session, "id", type, "session");
        String model = ServerObjectReader.text(session, "model", type, "session");
        return created ? new SessionCreated(e.eventId(), id, model, session.toString())
                : new SessionUpdated(e.eventId(), id, model, session.toString());
    }

    /** Typed access to {@link Fields} for one event; failures name the event and the field. */
    private record EventFields(Fields f, String type) {
        String eventId() {
            return string(Field.EVENT_ID);
        }

        String string(Field field) {
            checkType(field, "a string");
            return f.strings[field.ordinal()];
        }

        String require(Field field) {
            String value = string(field);
            if (value == null) {
                throw new RealtimeProtocolException(MISSING_FIELD, type + ": " + field.wire + " is missing");
            }
            return value;
        }

        long number(Field field) {
            checkType(field, "a non-negative integer");
            return f.numbers[field.ordinal()];
        }

        int index(Field field) {
            long value = number(field);
            if (value > Integer.MAX_VALUE) {
                throw new RealtimeProtocolException(BAD_JSON, type + ": " + field.wire + " is out of range: " + value);
            }
            return (int) value;
        }

        JsonNode tree(Field field) {
            checkType(field, "an object or array");
            return f.trees[field.ordinal()];
        }

        ErrorDetails optionalError() {
            JsonNode error = tree(Field.ERROR);
            return error == null ? null : ServerObjectReader.error(error, type, "error");
        }

        private void checkType(Field field, String expected) {
            JsonToken wrong = f.wrongTypes[field.ordinal()];
            if (wrong != null) {
                throw wrongType(type, field, expected, wrong);
            }
        }
    }

    private static void string(JsonParser p, JsonToken value, Fields f, Field field) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            f.strings[field.ordinal()] = p.getText();
        } else if (value != JsonToken.VALUE_NULL) {
            f.wrongTypes[field.ordinal()] = value;
            p.skipChildren();
        }
    }

    /** Indices and milliseconds: non-negative integers that fit a long. */
    private static void number(JsonParser p, JsonToken value, Fields f, Field field) throws IOException {
        if (value == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER
                && p.getLongValue() >= 0) {
            f.numbers[field.ordinal()] = p.getLongValue();
        } else if (value != JsonToken.VALUE_NULL) {
            f.wrongTypes[field.ordinal()] = value;
            p.skipChildren();
        }
    }

    private static void tree(JsonParser p, JsonToken value, Fields f, Field field) throws IOException {
        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
            f.trees[field.ordinal()] = TREES.readTree(p);
        } else if (value != JsonToken.VALUE_NULL) {
            f.wrongTypes[field.ordinal()] = value;
        }
    }

    private static RealtimeProtocolException wrongType(String where, Field field, String expected, JsonToken actual) {
        return new RealtimeProtocolException(BAD_JSON, where + ": " + field.wire + " should be " + expected
                + ", was " + (actual == JsonToken.VALUE_NUMBER_INT ? "an integer out of range" : actual));
    }

    private static String describe(IOException e) {
        String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        if (e instanceof JsonProcessingException j && j.getLocation() != null) {
            message += " at offset " + j.getLocation().getCharOffset();
        }
        return message == null || message.length() <= 200 ? message : message.substring(0, 200) + "…";
    }
}
