package dev.callbridge.twilio;

import static dev.callbridge.twilio.JsonBytesWriter.ascii;

import dev.callbridge.twilio.TwilioMessage.Clear;
import dev.callbridge.twilio.TwilioMessage.Connected;
import dev.callbridge.twilio.TwilioMessage.Dtmf;
import dev.callbridge.twilio.TwilioMessage.Mark;
import dev.callbridge.twilio.TwilioMessage.Media;
import dev.callbridge.twilio.TwilioMessage.OutMark;
import dev.callbridge.twilio.TwilioMessage.OutMedia;
import dev.callbridge.twilio.TwilioMessage.Start;
import dev.callbridge.twilio.TwilioMessage.Stop;
import java.util.Map;

/**
 * Encodes messages in exactly the shapes and field order of protocols/twilio.md: counters as
 * strings, {@code mediaFormat} numbers as numbers. Outbound media, the one hot message, is sized
 * exactly up front so it costs a single array.
 */
final class TwilioMessageWriter {
    private static final byte[] OUT_MEDIA_HEAD = ascii("{\"event\":\"media\",\"streamSid\":");
    private static final byte[] OUT_MEDIA_PAYLOAD = ascii(",\"media\":{\"payload\":");
    private static final byte[] CLOSE_TWO = ascii("}}");

    private TwilioMessageWriter() {}

    static byte[] write(TwilioMessage message) {
        return switch (message) {
            case OutMedia m -> outMedia(m);
            case Media m -> media(m);
            case OutMark m -> new JsonBytesWriter(64 + m.streamSid().length() + m.name().length())
                    .literal("{\"event\":\"mark\",\"streamSid\":").string(m.streamSid())
                    .literal(",\"mark\":{\"name\":").string(m.name()).raw(CLOSE_TWO).toByteArray();
            case Mark m -> new JsonBytesWriter(96 + m.streamSid().length() + m.name().length())
                    .literal("{\"event\":\"mark\",\"sequenceNumber\":").quotedNumber(m.sequenceNumber())
                    .literal(",\"streamSid\":").string(m.streamSid())
                    .literal(",\"mark\":{\"name\":").string(m.name()).raw(CLOSE_TWO).toByteArray();
            case Clear m -> new JsonBytesWriter(48 + m.streamSid().length())
                    .literal("{\"event\":\"clear\",\"streamSid\":").string(m.streamSid()).literal("}")
                    .toByteArray();
            case Dtmf m -> new JsonBytesWriter(128 + m.streamSid().length() + m.track().length())
                    .literal("{\"event\":\"dtmf\",\"streamSid\":").string(m.streamSid())
                    .literal(",\"sequenceNumber\":").quotedNumber(m.sequenceNumber())
                    .literal(",\"dtmf\":{\"track\":").string(m.track())
                    .literal(",\"digit\":").string(String.valueOf(m.digit())).raw(CLOSE_TWO).toByteArray();
            case Connected m -> new JsonBytesWriter(64 + m.protocol().length() + m.version().length())
                    .literal("{\"event\":\"connected\",\"protocol\":").string(m.protocol())
                    .literal(",\"version\":").string(m.version()).literal("}").toByteArray();
            case Stop m -> new JsonBytesWriter(256)
                    .literal("{\"event\":\"stop\",\"sequenceNumber\":").quotedNumber(m.sequenceNumber())
                    .literal(",\"stop\":{\"accountSid\":").string(m.accountSid())
                    .literal(",\"callSid\":").string(m.callSid())
                    .literal("},\"streamSid\":").string(m.streamSid()).literal("}").toByteArray();
            case Start m -> start(m);
        };
    }

    /** {@code {"event":"media","streamSid":…,"media":{"payload":"…"}}}, sized exactly. */
    private static byte[] outMedia(OutMedia m) {
        int size = OUT_MEDIA_HEAD.length + JsonBytesWriter.escapedStringLength(m.streamSid())
                + OUT_MEDIA_PAYLOAD.length + MediaBase64.encodedLength(m.payload().length) + 2 + CLOSE_TWO.length;
        return new JsonBytesWriter(size).raw(OUT_MEDIA_HEAD).string(m.streamSid())
                .raw(OUT_MEDIA_PAYLOAD).base64String(m.payload()).raw(CLOSE_TWO).toByteArray();
    }

    private static byte[] media(Media m) {
        return new JsonBytesWriter(200 + MediaBase64.encodedLength(m.payload().length))
                .literal("{\"event\":\"media\",\"sequenceNumber\":").quotedNumber(m.sequenceNumber())
                .literal(",\"media\":{\"track\":").string(m.track())
                .literal(",\"chunk\":").quotedNumber(m.chunk())
                .literal(",\"timestamp\":").quotedNumber(m.timestamp())
                .literal(",\"payload\":").base64String(m.payload())
                .literal("},\"streamSid\":").string(m.streamSid()).literal("}").toByteArray();
    }

    private static byte[] start(Start m) {
        JsonBytesWriter out = new JsonBytesWriter(512)
                .literal("{\"event\":\"start\",\"sequenceNumber\":").quotedNumber(m.sequenceNumber())
                .literal(",\"start\":{\"accountSid\":").string(m.accountSid())
                .literal(",\"streamSid\":").string(m.streamSid())
                .literal(",\"callSid\":").string(m.callSid())
                .literal(",\"tracks\":[");
        for (int i = 0; i < m.tracks().size(); i++) {
            if (i > 0) {
                out.literal(",");
            }
            out.string(m.tracks().get(i));
        }
        out.literal("],\"customParameters\":{");
        boolean first = true;
        for (Map.Entry<String, String> parameter : m.customParameters().entrySet()) {
            if (!first) {
                out.literal(",");
            }
            first = false;
            out.string(parameter.getKey()).literal(":").string(parameter.getValue());
        }
        return out.literal("},\"mediaFormat\":{\"encoding\":").string(m.encoding())
                .literal(",\"sampleRate\":").number(m.sampleRate())
                .literal(",\"channels\":").number(m.channels())
                .literal("}},\"streamSid\":").string(m.streamSid()).literal("}").toByteArray();
    }
}
