package dev.callbridge.twilio;

import static dev.callbridge.twilio.TwilioProtocolException.Kind.BAD_BASE64;
import static dev.callbridge.twilio.TwilioProtocolException.Kind.BAD_JSON;
import static dev.callbridge.twilio.TwilioProtocolException.Kind.MISSING_FIELD;
import static dev.callbridge.twilio.TwilioProtocolException.Kind.UNKNOWN_EVENT;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses one Media Streams frame with Jackson's streaming parser: a single pass collecting the
 * fields we know into {@link Fields} (fields may come in any order, {@code event} last
 * included), then one step building the record the event calls for, as sent by Twilio or as
 * sent to it: the caller says which, from where the frame was read. Unknown fields are skipped
 * because Twilio adds fields without notice; JSON {@code null} counts as absent. Only a
 * required field's absence is an error ({@link TwilioMessage} says which are).
 */
final class TwilioMessageReader {
    // Thread-safe once built; parsers are created per frame and share its symbol tables and buffers.
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final long ABSENT = TwilioMessage.ABSENT;
    private static final String MULAW = "audio/x-mulaw";

    /** What one frame said, before we know which event it is. */
    private static final class Fields {
        String event;
        long sequenceNumber = ABSENT;
        String streamSid;
        String protocol;
        String version;
        boolean hasStart;
        String startStreamSid;
        String accountSid;
        String callSid;
        List<String> tracks;
        Map<String, String> customParameters;
        String encoding;
        long sampleRate = ABSENT;
        long channels = ABSENT;
        String track;
        long chunk = ABSENT;
        long timestamp = ABSENT;
        byte[] payload;
        String digit;
        String markName;
    }

    private TwilioMessageReader() {}

    /** A frame Twilio sent (read from a media socket). */
    static TwilioMessage.FromTwilio readFromTwilio(byte[] utf8Json) {
        return fromTwilio(fields(utf8Json, 0, utf8Json.length));
    }

    static TwilioMessage.FromTwilio readFromTwilio(byte[] utf8Json, int offset, int length) {
        return fromTwilio(fields(utf8Json, offset, length));
    }

    static TwilioMessage.FromTwilio readFromTwilio(String json) {
        return fromTwilio(fields(json));
    }

    /** A frame a server sent to Twilio (read by the simulator). */
    static TwilioMessage.ToTwilio readToTwilio(String json) {
        return toTwilio(fields(json));
    }

    private static Fields fields(byte[] utf8Json, int offset, int length) {
        try (JsonParser parser = JSON.createParser(utf8Json, offset, length)) {
            return fields(parser);
        } catch (IOException e) {
            throw new TwilioProtocolException(BAD_JSON, "unparseable: " + describe(e), e);
        } catch (IllegalStateException e) {
            // Jackson's symbol tables report internal inconsistencies this way; the frame is still just bad input.
            throw new TwilioProtocolException(BAD_JSON, "rejected by the JSON parser: " + e.getMessage(), e);
        }
    }

    private static Fields fields(String json) {
        try (JsonParser parser = JSON.createParser(json)) {
            return fields(parser);
        } catch (IOException e) {
            throw new TwilioProtocolException(BAD_JSON, "unparseable: " + describe(e), e);
        } catch (IllegalStateException e) {
            throw new TwilioProtocolException(BAD_JSON, "rejected by the JSON parser: " + e.getMessage(), e);
        }
    }

    private static Fields fields(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new TwilioProtocolException(BAD_JSON, "message is not a JSON object");
        }
        Fields f = new Fields();
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken value = p.nextToken();
            switch (name) {
                case "event" -> f.event = string(p, value, "event");
                case "sequenceNumber" -> f.sequenceNumber = counter(p, value, "sequenceNumber");
                case "streamSid" -> f.streamSid = string(p, value, "streamSid");
                case "protocol" -> f.protocol = string(p, value, "protocol");
                case "version" -> f.version = string(p, value, "version");
                case "start" -> f.hasStart = readObject(p, value, "start", f, TwilioMessageReader::startField);
                case "media" -> readObject(p, value, "media", f, TwilioMessageReader::mediaField);
                case "dtmf" -> readObject(p, value, "dtmf", f, TwilioMessageReader::dtmfField);
                case "mark" -> readObject(p, value, "mark", f, TwilioMessageReader::markField);
                case "stop" -> readObject(p, value, "stop", f, TwilioMessageReader::stopField);
                default -> p.skipChildren();
            }
        }
        if (p.nextToken() != null) {
            throw new TwilioProtocolException(BAD_JSON, "content after the message object");
        }
        return f;
    }

    /** A frame Twilio sent: only its events, with only their required fields insisted on. */
    private static TwilioMessage.FromTwilio fromTwilio(Fields f) {
        return switch (event(f)) {
            case "connected" -> new TwilioMessage.Connected(f.protocol, f.version);
            case "start" -> start(f);
            case "media" -> new TwilioMessage.Media(f.sequenceNumber, f.streamSid, f.track, f.chunk, f.timestamp,
                    require(f.payload, "media.payload"));
            case "mark" -> new TwilioMessage.Mark(f.sequenceNumber, f.streamSid, require(f.markName, "mark.name"));
            case "dtmf" -> new TwilioMessage.Dtmf(f.sequenceNumber, f.streamSid, f.track, digit(f.digit));
            case "stop" -> new TwilioMessage.Stop(f.sequenceNumber, f.streamSid, f.accountSid, f.callSid);
            case "clear" -> throw new TwilioProtocolException(UNKNOWN_EVENT, "clear is sent to Twilio, never by it");
            default -> throw new TwilioProtocolException(UNKNOWN_EVENT, "unknown event '" + printable(f.event) + "'");
        };
    }

    /** A frame the server sent to Twilio (read by the simulator): every one names its stream. */
    private static TwilioMessage.ToTwilio toTwilio(Fields f) {
        return switch (event(f)) {
            case "media" -> new TwilioMessage.OutMedia(require(f.streamSid, "streamSid"), require(f.payload, "media.payload"));
            case "mark" -> new TwilioMessage.OutMark(require(f.streamSid, "streamSid"), require(f.markName, "mark.name"));
            case "clear" -> new TwilioMessage.Clear(require(f.streamSid, "streamSid"));
            case "connected", "start", "dtmf", "stop" ->
                    throw new TwilioProtocolException(UNKNOWN_EVENT, f.event + " is sent by Twilio, never to it");
            default -> throw new TwilioProtocolException(UNKNOWN_EVENT, "unknown event '" + printable(f.event) + "'");
        };
    }

    private static String event(Fields f) {
        if (f.event == null) {
            throw new TwilioProtocolException(UNKNOWN_EVENT, "event is missing");
        }
        return f.event;
    }

    private static TwilioMessage.Start start(Fields f) {
        if (!f.hasStart) {
            throw new TwilioProtocolException(MISSING_FIELD, "start is missing");
        }
        // Twilio repeats the sid at top level and inside start; either is enough.
        String streamSid = f.streamSid != null ? f.streamSid : require(f.startStreamSid, "streamSid");
        // Twilio streams μ-law 8 kHz mono only (twilio.md: "always"), so a missing format is that one.
        return new TwilioMessage.Start(f.sequenceNumber, streamSid, f.accountSid, f.callSid,
                f.tracks != null ? f.tracks : List.of(),
                f.customParameters != null ? f.customParameters : Map.of(),
                f.encoding != null ? f.encoding : MULAW,
                f.sampleRate != ABSENT ? intValue(f.sampleRate, "start.mediaFormat.sampleRate") : 8000,
                f.channels != ABSENT ? intValue(f.channels, "start.mediaFormat.channels") : 1);
    }

    @FunctionalInterface
    private interface FieldReader {
        void read(JsonParser p, String name, JsonToken value, Fields f) throws IOException;
    }

    /** Reads a nested object field by field; returns whether it was present (null = absent). */
    private static boolean readObject(JsonParser p, JsonToken value, String path, Fields f, FieldReader fieldReader)
            throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return false;
        }
        if (value != JsonToken.START_OBJECT) {
            throw wrongType(path, "an object", value);
        }
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            fieldReader.read(p, name, p.nextToken(), f);
        }
        return true;
    }

    private static void startField(JsonParser p, String name, JsonToken value, Fields f) throws IOException {
        switch (name) {
            case "streamSid" -> f.startStreamSid = string(p, value, "start.streamSid");
            case "accountSid" -> f.accountSid = string(p, value, "start.accountSid");
            case "callSid" -> f.callSid = string(p, value, "start.callSid");
            case "tracks" -> f.tracks = stringList(p, value, "start.tracks");
            case "customParameters" -> f.customParameters = stringMap(p, value, "start.customParameters");
            case "mediaFormat" -> readObject(p, value, "start.mediaFormat", f, TwilioMessageReader::mediaFormatField);
            default -> p.skipChildren();
        }
    }

    private static void mediaFormatField(JsonParser p, String name, JsonToken value, Fields f) throws IOException {
        switch (name) {
            case "encoding" -> f.encoding = string(p, value, "start.mediaFormat.encoding");
            case "sampleRate" -> f.sampleRate = counter(p, value, "start.mediaFormat.sampleRate");
            case "channels" -> f.channels = counter(p, value, "start.mediaFormat.channels");
            default -> p.skipChildren();
        }
    }

    private static void mediaField(JsonParser p, String name, JsonToken value, Fields f) throws IOException {
        switch (name) {
            case "track" -> f.track = string(p, value, "media.track");
            case "chunk" -> f.chunk = counter(p, value, "media.chunk");
            case "timestamp" -> f.timestamp = counter(p, value, "media.timestamp");
            case "payload" -> f.payload = payload(p, value);
            default -> p.skipChildren();
        }
    }

    private static void dtmfField(JsonParser p, String name, JsonToken value, Fields f) throws IOException {
        switch (name) {
            case "track" -> f.track = string(p, value, "dtmf.track");
            case "digit" -> f.digit = string(p, value, "dtmf.digit");
            default -> p.skipChildren();
        }
    }

    private static void markField(JsonParser p, String name, JsonToken value, Fields f) throws IOException {
        if (name.equals("name")) {
            f.markName = string(p, value, "mark.name");
        } else {
            p.skipChildren();
        }
    }

    private static void stopField(JsonParser p, String name, JsonToken value, Fields f) throws IOException {
        switch (name) {
            case "accountSid" -> f.accountSid = string(p, value, "stop.accountSid");
            case "callSid" -> f.callSid = string(p, value, "stop.callSid");
            default -> p.skipChildren();
        }
    }

    private static String string(JsonParser p, JsonToken value, String path) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        throw wrongType(path, "a string", value);
    }

    /**
     * Standard base64, padding optional ({@link Base64#getDecoder()}). Jackson's own
     * {@code getBinaryValue()} is no faster here and is laxer: it skips whitespace, even raw
     * control characters, and reports JSON errors inside the string as base64 errors.
     */
    private static byte[] payload(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_STRING) {
            throw wrongType("media.payload", "a string", value);
        }
        try {
            return Base64.getDecoder().decode(p.getText());
        } catch (IllegalArgumentException e) {
            throw new TwilioProtocolException(BAD_BASE64, "media.payload: " + e.getMessage());
        }
    }

    /** A non-negative integer, as Twilio's decimal string or as a JSON number. */
    private static long counter(JsonParser p, JsonToken value, String path) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return ABSENT;
        }
        if (value == JsonToken.VALUE_NUMBER_INT) {
            JsonParser.NumberType type = p.getNumberType();
            if (type == JsonParser.NumberType.BIG_INTEGER || p.getLongValue() < 0) {
                throw new TwilioProtocolException(BAD_JSON, path + " is not a non-negative 64-bit integer");
            }
            return p.getLongValue();
        }
        if (value != JsonToken.VALUE_STRING) {
            throw wrongType(path, "a decimal string or number", value);
        }
        char[] text = p.getTextCharacters();
        int start = p.getTextOffset();
        int length = p.getTextLength();
        if (length == 0 || length > 18) { // 18 digits cannot overflow a long; Twilio's counters are far smaller
            throw new TwilioProtocolException(BAD_JSON, path + " is not a decimal of 1 to 18 digits");
        }
        long result = 0;
        for (int i = start, end = start + length; i < end; i++) {
            char c = text[i];
            if (c < '0' || c > '9') {
                throw new TwilioProtocolException(BAD_JSON, path + " is not a decimal string");
            }
            result = result * 10 + (c - '0');
        }
        return result;
    }

    private static List<String> stringList(JsonParser p, JsonToken value, String path) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.START_ARRAY) {
            throw wrongType(path, "an array", value);
        }
        List<String> list = new ArrayList<>(2);
        for (JsonToken item = p.nextToken(); item != JsonToken.END_ARRAY; item = p.nextToken()) {
            if (item != JsonToken.VALUE_STRING) {
                throw wrongType(path + "[" + list.size() + "]", "a string", item);
            }
            list.add(p.getText());
        }
        return list;
    }

    private static Map<String, String> stringMap(JsonParser p, JsonToken value, String path) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.START_OBJECT) {
            throw wrongType(path, "an object", value);
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken item = p.nextToken();
            if (item != JsonToken.VALUE_STRING) {
                throw wrongType(path + "." + printable(name), "a string", item);
            }
            map.put(name, p.getText());
        }
        return map;
    }

    /** Digits Twilio reports: 0-9, * and #; A-D are accepted too, as DTMF defines them. */
    private static char digit(String digit) {
        require(digit, "dtmf.digit");
        if (digit.length() != 1 || "0123456789*#ABCD".indexOf(digit.charAt(0)) < 0) {
            throw new TwilioProtocolException(BAD_JSON, "dtmf.digit '" + printable(digit) + "' is not one DTMF digit");
        }
        return digit.charAt(0);
    }

    private static <T> T require(T value, String path) {
        if (value == null) {
            throw new TwilioProtocolException(MISSING_FIELD, path + " is missing");
        }
        return value;
    }

    private static int intValue(long value, String path) {
        if (value > Integer.MAX_VALUE) {
            throw new TwilioProtocolException(BAD_JSON, path + " is out of range: " + value);
        }
        return (int) value;
    }

    private static TwilioProtocolException wrongType(String path, String expected, JsonToken actual) {
        return new TwilioProtocolException(BAD_JSON, path + " should be " + expected + ", was " + actual);
    }

    private static String describe(IOException e) {
        String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        if (e instanceof JsonProcessingException j && j.getLocation() != null) {
            message += " at offset " + j.getLocation().getCharOffset();
        }
        return message == null || message.length() <= 200 ? message : message.substring(0, 200) + "…";
    }

    /** Peer-supplied text going into an exception message: bounded, no control characters. */
    private static String printable(String s) {
        StringBuilder out = new StringBuilder(Math.min(s.length(), 41));
        for (int i = 0; i < s.length() && i < 40; i++) {
            char c = s.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        return s.length() > 40 ? out.append('…').toString() : out.toString();
    }
}
