package dev.callbridge.twilio;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.callbridge.twilio.TwilioMessage.Clear;
import dev.callbridge.twilio.TwilioMessage.Connected;
import dev.callbridge.twilio.TwilioMessage.Dtmf;
import dev.callbridge.twilio.TwilioMessage.Mark;
import dev.callbridge.twilio.TwilioMessage.Media;
import dev.callbridge.twilio.TwilioMessage.OutMark;
import dev.callbridge.twilio.TwilioMessage.OutMedia;
import dev.callbridge.twilio.TwilioMessage.Start;
import dev.callbridge.twilio.TwilioMessage.Stop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Encodes messages with Jackson's streaming generator in exactly the shapes and field order of
 * protocols/twilio.md: counters as strings, {@code mediaFormat} numbers as numbers, the media
 * payload as standard padded base64. Optional fields a message lacks are left out, so the
 * simulator can send what Twilio may: a {@code mark} without {@code sequenceNumber}, say.
 */
final class TwilioMessageWriter {
    // Thread-safe once built. Lower-case hex (\u001f) and astral characters as raw UTF-8 rather
    // than escaped surrogate pairs keep the bytes what this codec has always sent.
    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();

    private TwilioMessageWriter() {}

    static byte[] write(TwilioMessage message) {
        if (message instanceof OutMedia m && isPlainAscii(m.streamSid())) return outMedia(m.streamSid(), m.payload());
        int sizeHint = message instanceof OutMedia m ? 96 + m.payload().length * 4 / 3 : 256;
        ByteArrayBuilder out = new ByteArrayBuilder(sizeHint);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("event", message.event());
            switch (message) {
                case OutMedia m -> {
                    string(g, "streamSid", m.streamSid());
                    g.writeObjectFieldStart("media");
                    payload(g, m.payload());
                    g.writeEndObject();
                }
                case Media m -> {
                    counter(g, "sequenceNumber", m.sequenceNumber());
                    g.writeObjectFieldStart("media");
                    string(g, "track", m.track());
                    counter(g, "chunk", m.chunk());
                    counter(g, "timestamp", m.timestamp());
                    payload(g, m.payload());
                    g.writeEndObject();
                    string(g, "streamSid", m.streamSid());
                }
                case OutMark m -> {
                    string(g, "streamSid", m.streamSid());
                    g.writeObjectFieldStart("mark");
                    string(g, "name", m.name());
                    g.writeEndObject();
                }
                case Mark m -> {
                    counter(g, "sequenceNumber", m.sequenceNumber());
                    string(g, "streamSid", m.streamSid());
                    g.writeObjectFieldStart("mark");
                    string(g, "name", m.name());
                    g.writeEndObject();
                }
                case Clear m -> string(g, "streamSid", m.streamSid());
                case Dtmf m -> {
                    string(g, "streamSid", m.streamSid());
                    counter(g, "sequenceNumber", m.sequenceNumber());
                    g.writeObjectFieldStart("dtmf");
                    string(g, "track", m.track());
                    string(g, "digit", String.valueOf(m.digit()));
                    g.writeEndObject();
                }
                case Connected m -> {
                    string(g, "protocol", m.protocol());
                    string(g, "version", m.version());
                }
                case Stop m -> {
                    counter(g, "sequenceNumber", m.sequenceNumber());
                    g.writeObjectFieldStart("stop");
                    string(g, "accountSid", m.accountSid());
                    string(g, "callSid", m.callSid());
                    g.writeEndObject();
                    string(g, "streamSid", m.streamSid());
                }
                case Start m -> start(g, m);
            }
            g.writeEndObject();
        } catch (IOException e) {
            // Nothing here does I/O; Jackson would only complain about a malformed sequence of calls.
            throw new UncheckedIOException("bug in the Twilio message writer", e);
        }
        return out.toByteArray();
    }

    private static final byte[] OUT_MEDIA_HEAD = "{\"event\":\"media\",\"streamSid\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OUT_MEDIA_PAYLOAD = "\",\"media\":{\"payload\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OUT_MEDIA_TAIL = "\"}}".getBytes(StandardCharsets.US_ASCII);

    /**
     * The outbound {@code media} message, the one sent 50 times a second per call, laid out
     * directly: the same bytes the generator writes, without a generator, its buffers and a copy
     * per frame. Only for a stream sid that needs no escaping (Twilio's are {@code MZ} and hex).
     */
    private static byte[] outMedia(String streamSid, byte[] payload) {
        int sid = streamSid.length();
        int base64 = 4 * ((payload.length + 2) / 3);
        byte[] out = new byte[OUT_MEDIA_HEAD.length + sid + OUT_MEDIA_PAYLOAD.length + base64 + OUT_MEDIA_TAIL.length];
        int at = put(out, 0, OUT_MEDIA_HEAD);
        for (int i = 0; i < sid; i++) out[at++] = (byte) streamSid.charAt(i); // plain ASCII, checked
        at = put(out, at, OUT_MEDIA_PAYLOAD);
        at = put(out, at, Base64.getEncoder().encode(payload));
        put(out, at, OUT_MEDIA_TAIL);
        return out;
    }

    private static int put(byte[] out, int at, byte[] bytes) {
        System.arraycopy(bytes, 0, out, at, bytes.length);
        return at + bytes.length;
    }

    /** Printable ASCII with nothing JSON escapes: written as is. */
    private static boolean isPlainAscii(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') return false;
        }
        return true;
    }

    private static void start(JsonGenerator g, Start m) throws IOException {
        counter(g, "sequenceNumber", m.sequenceNumber());
        g.writeObjectFieldStart("start");
        string(g, "accountSid", m.accountSid());
        string(g, "streamSid", m.streamSid());
        string(g, "callSid", m.callSid());
        g.writeArrayFieldStart("tracks");
        for (String track : m.tracks()) {
            g.writeString(wellFormed(track));
        }
        g.writeEndArray();
        g.writeObjectFieldStart("customParameters");
        for (Map.Entry<String, String> parameter : m.customParameters().entrySet()) {
            string(g, wellFormed(parameter.getKey()), parameter.getValue());
        }
        g.writeEndObject();
        g.writeObjectFieldStart("mediaFormat");
        string(g, "encoding", m.encoding());
        g.writeNumberField("sampleRate", m.sampleRate());
        g.writeNumberField("channels", m.channels());
        g.writeEndObject();
        g.writeEndObject();
        string(g, "streamSid", m.streamSid());
    }

    /** A string field; an optional one the message lacks (null) is left out. */
    private static void string(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) g.writeStringField(name, wellFormed(value));
    }

    /**
     * JDK base64 written as a pre-encoded string: same bytes as
     * {@link JsonGenerator#writeBinary(byte[])}, but for a 20 ms frame about 40 ns instead of
     * about 200 (HotSpot intrinsifies it), which keeps encoding as fast as it was.
     */
    private static void payload(JsonGenerator g, byte[] payload) throws IOException {
        byte[] base64 = Base64.getEncoder().encode(payload);
        g.writeFieldName("payload");
        g.writeRawUTF8String(base64, 0, base64.length);
    }

    /** A counter as Twilio sends it: a decimal inside quotes; left out when {@link TwilioMessage#ABSENT}. */
    private static void counter(JsonGenerator g, String name, long value) throws IOException {
        if (value != TwilioMessage.ABSENT) g.writeStringField(name, Long.toString(value));
    }

    /**
     * {@code s} with each lone surrogate replaced by U+FFFD, as any UTF-8 encoder does. Jackson
     * would write {@code \ud800} instead, which its own byte parser rejects in field names, so
     * such a {@code customParameters} key would not decode.
     */
    private static String wellFormed(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            if (Character.isSurrogate(s.charAt(i))) {
                int[] codePoints = s.codePoints()
                        .map(cp -> Character.getType(cp) == Character.SURROGATE ? 0xFFFD : cp).toArray();
                return new String(codePoints, 0, codePoints.length);
            }
        }
        return s;
    }
}
