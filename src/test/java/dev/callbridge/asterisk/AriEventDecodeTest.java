package dev.callbridge.asterisk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.asterisk.AriEvent.*;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The codec against every event Asterisk 22.10.1 sent in the captures, and field by field per type. */
class AriEventDecodeTest {
    private static final Set<String> MODELLED = Set.of("StasisStart", "StasisEnd", "ChannelStateChange",
            "ChannelDtmfReceived", "ChannelHangupRequest", "ChannelDestroyed", "ChannelEnteredBridge",
            "ChannelLeftBridge", "BridgeDestroyed", "Dial", "ApplicationReplaced");

    private final AriEventCodec codec = new AriEventCodec();

    @Test
    void everyCapturedLineDecodesToItsOwnTypeWithTheEnvelope() {
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (String line : AriFixtures.allEventLines()) {
            AriEvent event = codec.decode(line);
            JsonObject raw = new JsonObject(line);
            assertThat(event.type()).isEqualTo(raw.getString("type"));
            assertThat(event.application()).isEqualTo("callbridge");
            assertThat(event.timestamp()).isEqualTo(raw.getString("timestamp"));
            // A modelled type must never fall through to Other.
            assertThat(event instanceof Other).as(line).isEqualTo(!MODELLED.contains(event.type()));
            seen.merge(event.type(), 1, Integer::sum);
        }
        assertThat(seen.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(81 + 37 + 33);
        assertThat(seen).containsKeys("StasisStart", "StasisEnd", "ChannelStateChange", "ChannelHangupRequest",
                "ChannelDestroyed", "ChannelEnteredBridge", "ChannelLeftBridge", "BridgeDestroyed", "Dial",
                "ChannelVarset", "PlaybackStarted", "RecordingFinished");
    }

    @Test
    void incomingCallStasisStartCarriesTheWholeChannel() {
        StasisStart start = (StasisStart) codec.decode(AriFixtures.read("StasisStart-incoming-call.json"));
        assertThat(start.args()).isEmpty();
        assertThat(start.replaceChannel()).isNull();
        AriChannel ch = start.channel();
        assertThat(ch.id()).isEqualTo("incoming-100");
        assertThat(ch.name()).isEqualTo("Local/100@callbridge-test-0000000f;2");
        assertThat(ch.state()).isEqualTo("Up");
        assertThat(ch.caller()).isEqualTo(new AriChannel.CallerId("Caller", "5552000"));
        assertThat(ch.connected()).isEqualTo(new AriChannel.CallerId("Caller", "5552000"));
        assertThat(ch.dialplan()).isEqualTo(new AriChannel.Dialplan("callbridge-test", "100", 3, "Stasis", "callbridge"));
        assertThat(ch.creationtime()).isEqualTo("2026-11-21T10:44:46.212+0000");
        assertThat(ch.language()).isEqualTo("en");
        assertThat(ch.channelvars()).isEmpty();
        assertThat(start.timestamp()).isEqualTo("2026-11-21T10:44:46.217+0000");
    }

    @Test
    void pjsipStasisStartCarriesTheSipCallId() {
        StasisStart start = (StasisStart) codec.decode(AriFixtures.read("pjsip-caller-hangup/StasisStart-pjsip.json"));
        assertThat(start.channel().id()).isEqualTo("1795257831.34");
        assertThat(start.channel().name()).isEqualTo("PJSIP/tester-00000000");
        assertThat(start.channel().protocolId()).isEqualTo("8d8b9503d6f9c5a8");
        assertThat(start.channel().caller().number()).isEqualTo("tester");
    }

    @Test
    void originatedStasisStartCarriesTheAppArgs() {
        StasisStart start = (StasisStart) codec.decode(AriFixtures.read("StasisStart-originated-app-param.json"));
        assertThat(start.args()).containsExactly("originated", "demo");
        assertThat(start.channel().id()).isEqualTo("orig-a");
        assertThat(start.channel().dialplan().appData()).isEqualTo("callbridge,originated,demo");
    }

    @Test
    void externalMediaStasisStartIsRecognisableByName() {
        StasisStart start = (StasisStart) codec.decode(AriFixtures.read("StasisStart-externalMedia.json"));
        assertThat(start.channel().id()).isEqualTo("extmedia-1");
        assertThat(start.channel().name()).startsWith("UnicastRTP/127.0.0.1:40000-");
        assertThat(start.channel().state()).isEqualTo("Up");
    }

    @Test
    void stasisEndAndStateChange() {
        StasisEnd end = (StasisEnd) codec.decode(AriFixtures.read("StasisEnd-incoming-call.json"));
        assertThat(end.channel().id()).isEqualTo("incoming-100");
        ChannelStateChange change = (ChannelStateChange) codec.decode(AriFixtures.read("by-type/ChannelStateChange.json"));
        assertThat(change.channel().state()).isEqualTo("Up");
        assertThat(change.channel().dialplan().appName()).isEqualTo("Answer");
    }

    @Test
    void hangupRequestsInTheirThreeCapturedShapes() {
        // Our DELETE: a soft hangup whose "cause" is Asterisk's soft-hangup reason.
        ChannelHangupRequest ours = (ChannelHangupRequest) codec.decode(AriFixtures.read("by-type/ChannelHangupRequest.json"));
        assertThat(ours.cause()).isEqualTo(32);
        assertThat(ours.soft()).isTrue();
        // A Local channel's caller hanging up: cause 16, no soft field.
        ChannelHangupRequest local = (ChannelHangupRequest) codec.decode(AriFixtures.read("ChannelHangupRequest-caller-hangup.json"));
        assertThat(local.cause()).isEqualTo(16);
        assertThat(local.soft()).isFalse();
        // A SIP caller's BYE: neither field.
        String bye = AriFixtures.lines("pjsip-caller-hangup/all-events.jsonl").get(22);
        ChannelHangupRequest sip = (ChannelHangupRequest) codec.decode(bye);
        assertThat(sip.channel().id()).isEqualTo("1795257831.34");
        assertThat(sip.cause()).isZero();
        assertThat(sip.soft()).isFalse();
    }

    @Test
    void channelDestroyedCarriesTheQ850Cause() {
        ChannelDestroyed destroyed = (ChannelDestroyed) codec.decode(AriFixtures.read("pjsip-app-hangup/ChannelDestroyed-pjsip.json"));
        assertThat(destroyed.channel().id()).isEqualTo("1795257858.36");
        assertThat(destroyed.cause()).isEqualTo(16);
        assertThat(destroyed.causeTxt()).isEqualTo("Normal Clearing");
    }

    @Test
    void bridgeEventsCarryTheBridgeId() {
        ChannelEnteredBridge entered = (ChannelEnteredBridge) codec.decode(AriFixtures.read("ChannelEnteredBridge.json"));
        assertThat(entered.bridgeId()).isEqualTo("bridge-1");
        assertThat(entered.channel().id()).isEqualTo("incoming-100");
        ChannelLeftBridge left = (ChannelLeftBridge) codec.decode(AriFixtures.read("ChannelLeftBridge.json"));
        assertThat(left.bridgeId()).isEqualTo("bridge-1");
        assertThat(left.channel().id()).isEqualTo("incoming-100");
        BridgeDestroyed destroyed = (BridgeDestroyed) codec.decode(AriFixtures.read("BridgeDestroyed.json"));
        assertThat(destroyed.bridgeId()).isEqualTo("bridge-1");
    }

    @Test
    void dialCarriesPeerStatusAndDialstring() {
        Dial dial = (Dial) codec.decode(AriFixtures.read("by-type/Dial.json"));
        assertThat(dial.peer().id()).isEqualTo("orig-a");
        assertThat(dial.peer().state()).isEqualTo("Down");
        assertThat(dial.dialstatus()).isEmpty();
        assertThat(dial.dialstring()).isEqualTo("100@callbridge-test");
        assertThat(dial.caller()).isNull();
        Dial answered = (Dial) codec.decode(AriFixtures.lines("all-events.jsonl").get(25));
        assertThat(answered.dialstatus()).isEqualTo("ANSWER");
        assertThat(answered.dialstring()).isEqualTo("127.0.0.1:40000/c(ulaw)");
    }

    @Test
    void dtmfAsTheProtocolDocShowsIt() {
        // Not in the captures; the shape is the doc's: {"type":"ChannelDtmfReceived","digit":"5","duration_ms":120,"channel":{…}}.
        JsonObject event = new JsonObject(AriFixtures.read("StasisStart-incoming-call.json"))
                .put("type", "ChannelDtmfReceived").put("digit", "#").put("duration_ms", 120);
        event.remove("args");
        ChannelDtmfReceived dtmf = (ChannelDtmfReceived) codec.decode(event.encode());
        assertThat(dtmf.digit()).isEqualTo('#');
        assertThat(dtmf.durationMs()).isEqualTo(120);
        assertThat(dtmf.channel().id()).isEqualTo("incoming-100");
    }

    @Test
    void applicationReplaced() {
        AriEvent event = codec.decode("{\"type\":\"ApplicationReplaced\",\"timestamp\":\"2026-11-21T10:44:46.217+0000\","
                + "\"application\":\"callbridge\"}");
        assertThat(event).isEqualTo(new ApplicationReplaced("callbridge", "2026-11-21T10:44:46.217+0000"));
    }

    @Test
    void unmodelledEventsAreKeptRaw() {
        String line = AriFixtures.read("by-type/ChannelVarset.json");
        Other other = (Other) codec.decode(line);
        assertThat(other.type()).isEqualTo("ChannelVarset");
        assertThat(other.application()).isEqualTo("callbridge");
        assertThat(other.rawJson()).isEqualTo(line);
        Other playback = (Other) codec.decode(AriFixtures.read("PlaybackFinished.json"));
        assertThat(playback.type()).isEqualTo("PlaybackFinished");
        Other bare = (Other) codec.decode("{\"type\":\"SomethingNew\"}");
        assertThat(bare.application()).isNull();
        assertThat(bare.timestamp()).isNull();
    }

    @Test
    void unknownFieldsAndChannelvarsAreTolerated() {
        JsonObject event = new JsonObject(AriFixtures.read("StasisStart-incoming-call.json"));
        event.getJsonObject("channel").put("tenantid", "acme").put("caller_rdnis", "")
                .put("channelvars", new JsonObject().put("X_TENANT", "acme"));
        event.put("brand_new_field", List.of(1, 2));
        StasisStart start = (StasisStart) codec.decode(event.encode());
        assertThat(start.channel().channelvars()).containsExactly(Map.entry("X_TENANT", "acme"));
        assertThat(start.channel().channelvar("X_TENANT")).isEqualTo("acme");
    }
}
