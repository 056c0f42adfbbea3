package dev.callbridge.twilio;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.callbridge.twilio.TwilioMessage.Clear;
import dev.callbridge.twilio.TwilioMessage.Connected;
import dev.callbridge.twilio.TwilioMessage.Dtmf;
import dev.callbridge.twilio.TwilioMessage.Mark;
import dev.callbridge.twilio.TwilioMessage.Media;
import dev.callbridge.twilio.TwilioMessage.OutMark;
import dev.callbridge.twilio.TwilioMessage.OutMedia;
import dev.callbridge.twilio.TwilioMessage.Start;
import dev.callbridge.twilio.TwilioMessage.Stop;
import dev.callbridge.twilio.TwilioProtocolException.Kind;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TwilioMediaCodecTest {
    private static final String SID = "MZ22222222222222222222222222222222";
    private static final TwilioMediaCodec codec = new TwilioMediaCodec();

    // ---- the examples of protocols/twilio.md, verbatim where they are complete ----

    @Test
    void decodesConnectedExample() {
        assertThat(codec.decodeFromTwilio("{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}"))
                .isEqualTo(new Connected("Call", "1.0.0"));
    }

    @Test
    void decodesStartExample() {
        String example = """
                {
                  "event": "start",
                  "sequenceNumber": "1",
                  "start": {
                    "accountSid": "AC11111111111111111111111111111111",
                    "streamSid":  "MZ22222222222222222222222222222222",
                    "callSid":    "CA33333333333333333333333333333333",
                    "tracks": ["inbound"],
                    "customParameters": {"callToken": "f3a9c2", "tenant": "acme"},
                    "mediaFormat": {"encoding": "audio/x-mulaw", "sampleRate": 8000, "channels": 1}
                  },
                  "streamSid": "MZ22222222222222222222222222222222"
                }
                """;
        assertThat(codec.decodeFromTwilio(example)).isEqualTo(new Start(1, SID, "AC11111111111111111111111111111111",
                "CA33333333333333333333333333333333", List.of("inbound"),
                Map.of("callToken", "f3a9c2", "tenant", "acme"), "audio/x-mulaw", 8000, 1));
    }

    @Test
    void decodesMediaExampleWithARealPayload() {
        byte[] ulaw = frame(160);
        // The doc's payload is elided ("//7+/…base64…"); everything else is as written.
        String example = """
                {
                  "event": "media",
                  "sequenceNumber": "3",
                  "media": {"track": "inbound", "chunk": "2", "timestamp": "40", "payload": "%s"},
                  "streamSid": "MZ22222222222222222222222222222222"
                }
                """.formatted(Base64.getEncoder().encodeToString(ulaw));
        assertThat(codec.decodeFromTwilio(example.getBytes(UTF_8))).isEqualTo(new Media(3, SID, "inbound", 2, 40, ulaw));
    }

    @Test
    void decodesDtmfMarkAndStopExamples() {
        assertThat(codec.decodeFromTwilio("{\"event\":\"dtmf\",\"streamSid\":\"MZ…\",\"sequenceNumber\":\"5\","
                + "\"dtmf\":{\"track\":\"inbound_track\",\"digit\":\"1\"}}"))
                .isEqualTo(new Dtmf(5, "MZ…", "inbound_track", '1'));
        assertThat(codec.decodeFromTwilio("{\"event\":\"mark\",\"sequenceNumber\":\"4\",\"streamSid\":\"MZ…\","
                + "\"mark\":{\"name\":\"resp-7-chunk-3\"}}"))
                .isEqualTo(new Mark(4, "MZ…", "resp-7-chunk-3"));
        assertThat(codec.decodeFromTwilio("{\"event\":\"stop\",\"sequenceNumber\":\"5\",\"stop\":{\"accountSid\":\"AC…\","
                + "\"callSid\":\"CA…\"},\"streamSid\":\"MZ…\"}"))
                .isEqualTo(new Stop(5, "MZ…", "AC…", "CA…"));
    }

    @Test
    void theSameFrameIsTwiliosOrTheServersByWhereItWasRead() {
        String media = "{\"event\":\"media\",\"streamSid\":\"MZ…\",\"media\":{\"payload\":\"//7/\"}}";
        String mark = "{\"event\":\"mark\",\"streamSid\":\"MZ…\",\"mark\":{\"name\":\"resp-7-chunk-3\"}}";
        // Read from a media socket: Twilio sent it, with or without a sequenceNumber.
        assertThat(codec.decodeFromTwilio(media)).isEqualTo(new Media(TwilioMessage.ABSENT, "MZ…", null, TwilioMessage.ABSENT,
                TwilioMessage.ABSENT, new byte[] {-1, -2, -1}));
        assertThat(codec.decodeFromTwilio(mark)).isEqualTo(new Mark(TwilioMessage.ABSENT, "MZ…", "resp-7-chunk-3"));
        // Read by the simulator: the server sent it to Twilio.
        assertThat(codec.decodeToTwilio(media)).isEqualTo(new OutMedia("MZ…", new byte[] {-1, -2, -1}));
        assertThat(codec.decodeToTwilio(mark)).isEqualTo(new OutMark("MZ…", "resp-7-chunk-3"));
        assertThat(codec.decodeToTwilio("{\"event\":\"clear\",\"streamSid\":\"MZ…\"}")).isEqualTo(new Clear("MZ…"));
        // A sequenceNumber changes nothing about the direction either way.
        assertThat(codec.decodeToTwilio("{\"event\":\"mark\",\"sequenceNumber\":\"4\",\"streamSid\":\"MZ…\",\"mark\":{\"name\":\"m\"}}"))
                .isEqualTo(new OutMark("MZ…", "m"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"event":"connected"}                                  | Connected[protocol=null, version=null]
            {"event":"start","start":{"streamSid":"MZ1"}}          | Start[sequenceNumber=-1, streamSid=MZ1, accountSid=null, callSid=null, tracks=[], customParameters={}, encoding=audio/x-mulaw, sampleRate=8000, channels=1]
            {"event":"media","media":{"payload":"AA=="}}           | Media[sequenceNumber=-1, streamSid=null, track=null, chunk=-1, timestamp=-1, payload=1 bytes]
            {"event":"dtmf","dtmf":{"digit":"5"}}                  | Dtmf[sequenceNumber=-1, streamSid=null, track=null, digit=5]
            {"event":"mark","mark":{"name":"m7"}}                  | Mark[sequenceNumber=-1, streamSid=null, name=m7]
            {"event":"mark","streamSid":"MZ1","mark":{"name":"m7"}} | Mark[sequenceNumber=-1, streamSid=MZ1, name=m7]
            {"event":"stop"}                                       | Stop[sequenceNumber=-1, streamSid=null, accountSid=null, callSid=null]
            {"event":"stop","stop":null,"sequenceNumber":null}     | Stop[sequenceNumber=-1, streamSid=null, accountSid=null, callSid=null]
            """)
    void toleratesEveryOptionalFieldMissingFromTwilio(String json, String decoded) {
        assertThat(codec.decodeFromTwilio(json)).hasToString(decoded);
        assertThat(codec.decodeFromTwilio(json.getBytes(UTF_8))).hasToString(decoded);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"event":"start","sequenceNumber":"1","start":{"streamSid":"MZ1"},"streamSid":"MZ1"} | UNKNOWN_EVENT | start is sent by Twilio, never to it
            {"event":"dtmf","dtmf":{"digit":"5"}}                 | UNKNOWN_EVENT | dtmf is sent by Twilio
            {"event":"mark","mark":{"name":"m"}}                  | MISSING_FIELD | streamSid
            {"event":"clear"}                                     | MISSING_FIELD | streamSid
            {"event":"hangup","streamSid":"MZ1"}                  | UNKNOWN_EVENT | 'hangup'
            """)
    void whatTheServerSendsTwilioIsCheckedAsSuch(String json, Kind kind, String named) {
        assertThatThrownBy(() -> codec.decodeToTwilio(json)).isInstanceOfSatisfying(TwilioProtocolException.class, e -> {
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.getMessage()).contains(named);
        });
    }

    @Test
    void outboundExamplePlaceholderPayloadIsRejectedAsBase64() {
        assertFails("{\"event\":\"media\",\"streamSid\":\"MZ…\",\"media\":{\"payload\":\"<base64 raw mulaw/8000>\"}}",
                Kind.BAD_BASE64, "media.payload");
    }

    // ---- encoding: the exact shapes of twilio.md ----

    @Test
    void encodesEveryMessageInTwiliosShape() {
        byte[] p = {-1, -2, -1};
        assertEncodes(new Connected("Call", "1.0.0"), "{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}");
        assertEncodes(new Start(1, SID, "AC1", "CA3", List.of("inbound"), orderedMap("callToken", "f3a9c2", "tenant", "acme"),
                        "audio/x-mulaw", 8000, 1),
                "{\"event\":\"start\",\"sequenceNumber\":\"1\",\"start\":{\"accountSid\":\"AC1\",\"streamSid\":\"" + SID + "\","
                        + "\"callSid\":\"CA3\",\"tracks\":[\"inbound\"],\"customParameters\":{\"callToken\":\"f3a9c2\","
                        + "\"tenant\":\"acme\"},\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,"
                        + "\"channels\":1}},\"streamSid\":\"" + SID + "\"}");
        assertEncodes(new Media(3, SID, "inbound", 2, 40, p),
                "{\"event\":\"media\",\"sequenceNumber\":\"3\",\"media\":{\"track\":\"inbound\",\"chunk\":\"2\","
                        + "\"timestamp\":\"40\",\"payload\":\"//7/\"},\"streamSid\":\"" + SID + "\"}");
        assertEncodes(new Dtmf(5, "MZ…", '1'),
                "{\"event\":\"dtmf\",\"streamSid\":\"MZ…\",\"sequenceNumber\":\"5\",\"dtmf\":{\"track\":\"inbound_track\",\"digit\":\"1\"}}");
        assertEncodes(new Mark(4, "MZ…", "resp-7-chunk-3"),
                "{\"event\":\"mark\",\"sequenceNumber\":\"4\",\"streamSid\":\"MZ…\",\"mark\":{\"name\":\"resp-7-chunk-3\"}}");
        assertEncodes(new Stop(5, "MZ…", "AC…", "CA…"),
                "{\"event\":\"stop\",\"sequenceNumber\":\"5\",\"stop\":{\"accountSid\":\"AC…\",\"callSid\":\"CA…\"},\"streamSid\":\"MZ…\"}");
        assertEncodes(new OutMedia("MZ…", p), "{\"event\":\"media\",\"streamSid\":\"MZ…\",\"media\":{\"payload\":\"//7/\"}}");
        assertEncodes(new OutMark("MZ…", "resp-7-chunk-3"),
                "{\"event\":\"mark\",\"streamSid\":\"MZ…\",\"mark\":{\"name\":\"resp-7-chunk-3\"}}");
        assertEncodes(new Clear("MZ…"), "{\"event\":\"clear\",\"streamSid\":\"MZ…\"}");
    }

    @Test
    void leavesOutTheOptionalFieldsAMessageLacks() {
        long none = TwilioMessage.ABSENT;
        assertEncodes(new Mark(none, null, "m1"), "{\"event\":\"mark\",\"mark\":{\"name\":\"m1\"}}");
        assertEncodes(new Media(none, SID, null, 2, none, new byte[] {0}),
                "{\"event\":\"media\",\"media\":{\"chunk\":\"2\",\"payload\":\"AA==\"},\"streamSid\":\"" + SID + "\"}");
        assertEncodes(new Dtmf(none, null, null, '#'), "{\"event\":\"dtmf\",\"dtmf\":{\"digit\":\"#\"}}");
        assertEncodes(new Stop(7, null, null, null), "{\"event\":\"stop\",\"sequenceNumber\":\"7\",\"stop\":{}}");
        assertEncodes(new Connected(null, null), "{\"event\":\"connected\"}");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 159, 160, 161, 4000})
    void outboundMediaIsEncodedIntoAnExactlySizedArray(int payloadBytes) {
        byte[] payload = frame(payloadBytes);
        String expected = "{\"event\":\"media\",\"streamSid\":\"" + SID + "\",\"media\":{\"payload\":\""
                + Base64.getEncoder().encodeToString(payload) + "\"}}";
        assertThat(codec.encode(new OutMedia(SID, payload))).isEqualTo(expected.getBytes(UTF_8));
    }

    @Test
    void counterBoundariesSurviveTheRoundTrip() {
        Media big = new Media(999_999_999_999_999_999L, SID, "inbound", 0, Long.MAX_VALUE / 10, new byte[0]);
        String json = new String(codec.encode(big), UTF_8);
        assertThat(json).contains("\"sequenceNumber\":\"999999999999999999\"", "\"chunk\":\"0\"");
        assertThat(codec.decodeFromTwilio(json)).isEqualTo(big);
    }

    @Test
    void escapesNamesAndSidsSoAnyJsonParserReadsThemBack() throws Exception {
        String nasty = "q\"uote \\back /slash \n\r\t\b\f \u0000\u001f\u007f é € 😀 end";
        byte[] json = codec.encode(new OutMark("MZ\"x\\", nasty));
        JsonNode node = new ObjectMapper().readTree(json);
        assertThat(node.get("mark").get("name").asText()).isEqualTo(nasty);
        assertThat(node.get("streamSid").asText()).isEqualTo("MZ\"x\\");
        assertThat(codec.decodeToTwilio(new String(json, UTF_8))).isEqualTo(new OutMark("MZ\"x\\", nasty));
        assertThat(new String(json, UTF_8)).contains("\\\"uote \\\\back", "\\n\\r\\t\\b\\f", "\\u0000\\u001f", "😀");
    }

    @ParameterizedTest
    @ValueSource(strings = {"MZ0123456789abcdef0123456789abcdef", "", " ~/!", "MZ\"x", "MZ\\x", "MZ\u0001", "MZ\u007f", "MZ é", "😀"})
    void outboundMediaForAnyStreamSidIsJsonAnyParserReadsBack(String sid) throws Exception {
        byte[] payload = frame(160);
        byte[] json = codec.encode(new OutMedia(sid, payload));
        JsonNode node = new ObjectMapper().readTree(json);
        assertThat(node.get("streamSid").asText()).isEqualTo(sid);
        assertThat(node.get("media").get("payload").binaryValue()).isEqualTo(payload);
        assertThat(codec.decodeToTwilio(new String(json, UTF_8))).isEqualTo(new OutMedia(sid, payload));
    }

    @Test
    void writesLoneSurrogatesAsTheReplacementCharacterLikeAnyUtf8Encoder() {
        byte[] json = codec.encode(new OutMark("MZ1", "a\ud800b\udc00"));
        assertThat(codec.decodeToTwilio(new String(json, UTF_8))).isEqualTo(new OutMark("MZ1", "a\uFFFDb\uFFFD"));
    }

    // ---- tolerance ----

    @Test
    void ignoresUnknownFieldsAnywhere() {
        String json = "{\"future\":{\"a\":[1,{\"b\":null}],\"c\":\"d\"},\"event\":\"media\",\"sequenceNumber\":\"7\","
                + "\"extra\":[[]],\"media\":{\"new\":{\"x\":1},\"track\":\"inbound\",\"chunk\":\"6\",\"timestamp\":\"100\","
                + "\"payload\":\"AA==\",\"more\":true},\"streamSid\":\"MZ1\",\"tail\":1.5e3}";
        assertThat(codec.decodeFromTwilio(json)).isEqualTo(new Media(7, "MZ1", "inbound", 6, 100, new byte[] {0}));
    }

    @Test
    void acceptsCountersAsJsonNumbersAndEventAnywhereInTheObject() {
        String json = "{\"media\":{\"track\":\"inbound\",\"chunk\":2,\"timestamp\":40,\"payload\":\"\"},"
                + "\"sequenceNumber\":3,\"streamSid\":\"MZ1\",\"event\":\"media\"}";
        assertThat(codec.decodeFromTwilio(json)).isEqualTo(new Media(3, "MZ1", "inbound", 2, 40, new byte[0]));
    }

    @Test
    void startTakesTheStreamSidFromInsideStartWhenTheTopLevelOneIsAbsent() {
        String json = "{\"event\":\"start\",\"sequenceNumber\":\"1\",\"start\":{\"accountSid\":\"AC1\","
                + "\"streamSid\":\"MZ9\",\"callSid\":\"CA1\",\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\","
                + "\"sampleRate\":\"8000\",\"channels\":1}}}";
        assertThat(codec.decodeFromTwilio(json))
                .isEqualTo(new Start(1, "MZ9", "AC1", "CA1", List.of(), Map.of(), "audio/x-mulaw", 8000, 1));
    }

    @Test
    void decodingBytesAndStringAgree() {
        byte[] json = codec.encode(new Start(1, SID, "AC1", "CA1", List.of("inbound", "outbound"),
                Map.of("ключ", "значение 😀"), "audio/x-mulaw", 8000, 1));
        assertThat(codec.decodeFromTwilio(json)).isEqualTo(codec.decodeFromTwilio(new String(json, UTF_8)));
    }

    // ---- failures: kind and the field they name ----

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "[]", "\"media\"", "42", "null", "{", "{\"event\":\"clear\",}",
            "{\"event\":\"clear\",\"streamSid\":\"x\"} {}", "{\"event\":\"clear\",\"streamSid\":\"x\"}x"})
    void rejectsNonObjectsAndBrokenJsonAsBadJson(String json) {
        assertFails(json, Kind.BAD_JSON, "");
    }

    @Test
    void rejectsInvalidUtf8AsBadJson() {
        byte[] json = "{\"event\":\"clear\",\"streamSid\":\"Mxx\"}".getBytes(UTF_8);
        json[json.length - 4] = (byte) 0xC3; // starts a 2-byte sequence, followed by ASCII
        assertThatThrownBy(() -> codec.decodeFromTwilio(json)).isInstanceOfSatisfying(TwilioProtocolException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.BAD_JSON));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"streamSid":"MZ1"}                                   | UNKNOWN_EVENT | event is missing
            {"event":null,"streamSid":"MZ1"}                      | UNKNOWN_EVENT | event is missing
            {"event":"hangup","streamSid":"MZ1"}                  | UNKNOWN_EVENT | 'hangup'
            {"event":7}                                           | BAD_JSON      | event should be a string
            {"event":"media","sequenceNumber":"3","streamSid":"MZ1","media":{"track":"inbound","chunk":"1","timestamp":"0"}} | MISSING_FIELD | media.payload
            {"event":"media","streamSid":"MZ1","media":{}}        | MISSING_FIELD | media.payload
            {"event":"media","streamSid":"MZ1"}                   | MISSING_FIELD | media.payload
            {"event":"media","streamSid":"MZ1","media":"AAAA"}    | BAD_JSON      | media should be an object
            {"event":"media","streamSid":"MZ1","media":{"payload":"AAA*"}} | BAD_BASE64 | media.payload
            {"event":"media","streamSid":"MZ1","media":{"payload":"A"}}    | BAD_BASE64 | media.payload
            {"event":"media","streamSid":"MZ1","media":{"payload":7}}      | BAD_JSON   | media.payload
            {"event":"media","sequenceNumber":"x3","streamSid":"MZ1"}      | BAD_JSON   | sequenceNumber
            {"event":"media","sequenceNumber":"-3","streamSid":"MZ1"}      | BAD_JSON   | sequenceNumber
            {"event":"media","sequenceNumber":-3,"streamSid":"MZ1"}        | BAD_JSON   | sequenceNumber
            {"event":"media","sequenceNumber":3.5,"streamSid":"MZ1"}       | BAD_JSON   | sequenceNumber
            {"event":"media","sequenceNumber":"","streamSid":"MZ1"}        | BAD_JSON   | sequenceNumber
            {"event":"media","sequenceNumber":99999999999999999999,"streamSid":"MZ1"} | BAD_JSON | sequenceNumber
            {"event":"start","sequenceNumber":"1","start":{"accountSid":"AC1","callSid":"CA1","mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":8000,"channels":1}}} | MISSING_FIELD | streamSid
            {"event":"start","sequenceNumber":"1","streamSid":"MZ1"}       | MISSING_FIELD | start is missing
            {"event":"start","sequenceNumber":"1","streamSid":"MZ1","start":{"tracks":[1]}} | BAD_JSON | start.tracks[0]
            {"event":"start","sequenceNumber":"1","streamSid":"MZ1","start":{"customParameters":{"a":1}}} | BAD_JSON | start.customParameters.a
            {"event":"start","sequenceNumber":"1","streamSid":"MZ1","start":{"accountSid":"AC1","callSid":"CA1","mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":"9999999999","channels":1}}} | BAD_JSON | start.mediaFormat.sampleRate
            {"event":"dtmf","sequenceNumber":"5","streamSid":"MZ1","dtmf":{"track":"inbound_track","digit":"12"}} | BAD_JSON | dtmf.digit
            {"event":"dtmf","sequenceNumber":"5","streamSid":"MZ1","dtmf":{"track":"inbound_track"}} | MISSING_FIELD | dtmf.digit
            {"event":"mark","streamSid":"MZ1","mark":{}}                   | MISSING_FIELD | mark.name
            {"event":"clear","streamSid":"MZ1"}                   | UNKNOWN_EVENT | clear is sent to Twilio, never by it
            {"event":"mark","sequenceNumber":"4","streamSid":"MZ1"} | MISSING_FIELD | mark.name
            """)
    void reportsTheKindAndTheField(String json, Kind kind, String named) {
        assertFails(json, kind, named);
    }

    private static void assertFails(String json, Kind kind, String messagePart) {
        assertThatThrownBy(() -> codec.decodeFromTwilio(json)).isInstanceOfSatisfying(TwilioProtocolException.class, e -> {
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.getMessage()).contains(messagePart);
        });
        assertThatThrownBy(() -> codec.decodeFromTwilio(json.getBytes(UTF_8))).isInstanceOfSatisfying(
                TwilioProtocolException.class, e -> assertThat(e.kind()).isEqualTo(kind));
    }

    private static void assertEncodes(TwilioMessage message, String expectedJson) {
        byte[] json = codec.encode(message);
        assertThat(new String(json, UTF_8)).isEqualTo(expectedJson);
        TwilioMessage decoded = message instanceof TwilioMessage.FromTwilio
                ? codec.decodeFromTwilio(json) : codec.decodeToTwilio(new String(json, UTF_8));
        assertThat(decoded).isEqualTo(message);
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    static byte[] frame(int length) {
        byte[] ulaw = new byte[length];
        for (int i = 0; i < length; i++) {
            ulaw[i] = (byte) (0xFF - i * 7);
        }
        return ulaw;
    }
}
