package dev.callbridge.asterisk;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Malformed frames end in an {@link AriProtocolException} whose message says what is wrong and where. */
class AriEventMalformedInputTest {
    private final AriEventCodec codec = new AriEventCodec();

    @Test
    void notJson() {
        rejects("{\"type\":\"StasisStart\",", "not JSON");
        rejects("hello", "not JSON");
        rejects("", "empty input");
        rejects("{\"type\":\"StasisEnd\"} trailing", "not JSON");
    }

    @Test
    void notAnObjectOrNoType() {
        rejects("[1,2]", "event is not a JSON object");
        rejects("null", "event is not a JSON object");
        rejects("{\"application\":\"callbridge\"}", "event has no type");
        rejects("{\"type\":42}", "event type is not a string");
    }

    @Test
    void missingRequiredFieldsAreNamed() {
        rejects(without("StasisStart-incoming-call.json", "channel"), "StasisStart: channel is missing");
        rejects(without("StasisStart-incoming-call.json", "args"), "StasisStart: args is missing");
        rejects(without("StasisStart-incoming-call.json", "application"), "StasisStart: application is missing");
        rejects(without("StasisStart-incoming-call.json", "timestamp"), "StasisStart: timestamp is missing");
        JsonObject noId = fixture("StasisEnd-incoming-call.json");
        noId.getJsonObject("channel").remove("id");
        rejects(noId.encode(), "StasisEnd: channel.id is missing");
        rejects(without("ChannelDestroyed-app-hangup.json", "cause"), "ChannelDestroyed: cause is missing");
        JsonObject noBridgeId = fixture("BridgeDestroyed.json");
        noBridgeId.getJsonObject("bridge").remove("id");
        rejects(noBridgeId.encode(), "BridgeDestroyed: bridge.id is missing");
        rejects(without("by-type/Dial.json", "peer"), "Dial: peer is missing");
    }

    @Test
    void wrongJsonTypesAreNamed() {
        rejects(fixture("StasisStart-incoming-call.json").put("args", "a,b").encode(), "StasisStart: args is not an array");
        rejects(fixture("ChannelDestroyed-app-hangup.json").put("cause", "16").encode(), "ChannelDestroyed: cause is not an integer");
        rejects(fixture("by-type/ChannelHangupRequest.json").put("soft", "yes").encode(),
                "ChannelHangupRequest: soft is not a boolean");
        JsonObject badCaller = fixture("StasisStart-incoming-call.json");
        badCaller.getJsonObject("channel").put("caller", "5552000");
        rejects(badCaller.encode(), "StasisStart: channel.caller is not an object");
        JsonObject badPriority = fixture("StasisStart-incoming-call.json");
        badPriority.getJsonObject("channel").getJsonObject("dialplan").put("priority", "3");
        rejects(badPriority.encode(), "StasisStart: channel.dialplan.priority is not an integer");
    }

    @Test
    void dtmfDigitMustBeOneCharacter() {
        JsonObject dtmf = fixture("StasisEnd-incoming-call.json").put("type", "ChannelDtmfReceived")
                .put("digit", "12").put("duration_ms", 100);
        rejects(dtmf.encode(), "ChannelDtmfReceived: digit must be one character, got \"12\"");
        rejects(dtmf.put("digit", "5").put("duration_ms", 1.5).encode(), "ChannelDtmfReceived: duration_ms is not an integer");
    }

    private void rejects(String json, String message) {
        assertThatThrownBy(() -> codec.decode(json)).isInstanceOf(AriProtocolException.class).hasMessageContaining(message);
    }

    private static JsonObject fixture(String name) {
        return new JsonObject(AriFixtures.read(name));
    }

    private static String without(String name, String field) {
        JsonObject o = fixture(name);
        o.remove(field);
        return o.encode();
    }
}
