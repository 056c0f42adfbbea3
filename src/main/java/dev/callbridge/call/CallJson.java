package dev.callbridge.call;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * The JSON shapes of the contract (DESIGN, "JSON shapes"): call records, transcript entries
 * and events. One mapper for the API, {@code /ws/events}, the store and webhooks, so the
 * shapes cannot drift apart.
 */
public final class CallJson {
    private static final ObjectMapper MAPPER = newMapper();

    private CallJson() {}

    /** The shared mapper: ISO-8601 instants, lower-case enum wire names, nulls kept. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static ObjectNode call(CallRecord call) {
        return MAPPER.valueToTree(call);
    }

    public static ObjectNode entry(TranscriptEntry entry) {
        return MAPPER.valueToTree(entry);
    }

    /** {@code {"type":…,"callId":…,"at":…,"data":{…}}} */
    public static ObjectNode event(CallEvent event) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("type", event.type());
        node.put("callId", event.callId());
        node.put("at", event.at().toString());
        node.set("data", data(event));
        return node;
    }

    public static String eventText(CallEvent event) {
        return write(event(event));
    }

    /** The {@code data} member of an event. */
    public static JsonNode data(CallEvent event) {
        return switch (event) {
            case CallEvent.Created e -> call(e.call());
            case CallEvent.StatusChanged e -> call(e.call());
            case CallEvent.Ended e -> call(e.call());
            case CallEvent.RecordingChanged e -> {
                ObjectNode n = MAPPER.createObjectNode();
                n.set("recording", MAPPER.valueToTree(e.recording()));
                yield n;
            }
            case CallEvent.FollowUpChanged e -> {
                ObjectNode n = MAPPER.createObjectNode();
                n.set("followUp", MAPPER.valueToTree(e.followUp()));
                yield n;
            }
            case CallEvent.Transcript e -> entry(e.entry());
            case CallEvent.Dtmf e -> MAPPER.createObjectNode().put("digit", e.digit());
            case CallEvent.Tool e -> {
                ObjectNode n = MAPPER.createObjectNode();
                n.put("name", e.name());
                n.set("arguments", MAPPER.valueToTree(e.arguments()));
                n.set("result", MAPPER.valueToTree(e.result()));
                n.put("latencyMs", e.latencyMs());
                yield n;
            }
            case CallEvent.Error e -> MAPPER.createObjectNode().put("code", e.code()).put("message", e.message());
        };
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static CallRecord readCall(String json) {
        try {
            return MAPPER.readValue(json, CallRecord.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TranscriptEntry readEntry(String json) {
        try {
            return MAPPER.readValue(json, TranscriptEntry.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectMapper newMapper() {
        SimpleModule wire = new SimpleModule("callbridge-wire");
        wire.addSerializer(CallStatus.class, new WireSerializer<>(CallStatus.class, CallStatus::wireName));
        wire.addSerializer(Direction.class, new WireSerializer<>(Direction.class, Direction::wireName));
        wire.addSerializer(Provider.class, new WireSerializer<>(Provider.class, Provider::wireName));
        wire.addSerializer(TranscriptEntry.Speaker.class,
                new WireSerializer<>(TranscriptEntry.Speaker.class, s -> s.name().toLowerCase(Locale.ROOT)));
        wire.addSerializer(TranscriptEntry.Kind.class,
                new WireSerializer<>(TranscriptEntry.Kind.class, k -> k.name().toLowerCase(Locale.ROOT)));
        wire.addDeserializer(CallStatus.class, new WireDeserializer<>(CallStatus.class, CallStatus::fromWire));
        wire.addDeserializer(Direction.class, new WireDeserializer<>(Direction.class, Direction::fromWire));
        wire.addDeserializer(Provider.class, new WireDeserializer<>(Provider.class, Provider::fromWire));
        wire.addDeserializer(TranscriptEntry.Speaker.class, new WireDeserializer<>(TranscriptEntry.Speaker.class,
                s -> TranscriptEntry.Speaker.valueOf(s.toUpperCase(Locale.ROOT))));
        wire.addDeserializer(TranscriptEntry.Kind.class, new WireDeserializer<>(TranscriptEntry.Kind.class,
                s -> TranscriptEntry.Kind.valueOf(s.toUpperCase(Locale.ROOT))));
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .registerModule(wire)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    private static final class WireSerializer<T> extends StdSerializer<T> {
        private final java.util.function.Function<T, String> name;

        WireSerializer(Class<T> type, java.util.function.Function<T, String> name) {
            super(type);
            this.name = name;
        }

        @Override
        public void serialize(T value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(name.apply(value));
        }
    }

    private static final class WireDeserializer<T> extends com.fasterxml.jackson.databind.deser.std.StdDeserializer<T> {
        private final java.util.function.Function<String, T> parse;

        WireDeserializer(Class<T> type, java.util.function.Function<String, T> parse) {
            super(type);
            this.parse = parse;
        }

        @Override
        public T deserialize(com.fasterxml.jackson.core.JsonParser p,
                             com.fasterxml.jackson.databind.DeserializationContext ctx) throws IOException {
            try {
                return parse.apply(p.getValueAsString());
            } catch (IllegalArgumentException e) {
                return ctx.reportInputMismatch(handledType(), e.getMessage());
            }
        }
    }

}
