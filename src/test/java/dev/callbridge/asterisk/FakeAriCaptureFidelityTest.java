package dev.callbridge.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The fake against the Asterisk 22.10.1 captures: the two captured SIP calls replayed through it
 * give the same events per channel, in the same order, and every JSON it sends or answers has
 * the layout of the captured one. Left out of the comparison: what the fake does not model
 * (RTCP quality variables, BRIDGEPVTCALLID, ChannelConnectedLine).
 */
class FakeAriCaptureFidelityTest extends ConnectedAriRigFixture {
    private static final Set<String> NOT_MODELLED = Set.of("ChannelConnectedLine", "ChannelVarset BRIDGEPVTCALLID");
    @Test
    void weHangUpTheBridgedCallerAsInPjsipAppHangup() {
        Call call = bridgedCall();
        AriRig.result(rig.client.hangup(call.caller, "normal"));
        AriRig.result(rig.client.hangup(call.media, "normal"));
        AriRig.result(rig.client.destroyBridge(call.bridge));
        await().until(() -> rig.fake.sentEvents().getLast().startsWith("BridgeDestroyed"));

        List<String> log = AriFixtures.lines("pjsip-app-hangup/all-events.jsonl");
        assertThat(rig.fake.sentEventsFor(call.caller)).isEqualTo(captured(log, "1795257858.36"));
        assertThat(rig.fake.sentEventsFor(call.media)).isEqualTo(captured(log, "extmedia-sip"));
        assertThat(rig.fake.sentEvents().getLast()).isEqualTo("BridgeDestroyed " + call.bridge);
    }

    @Test
    void theBridgedCallerHangsUpAsInPjsipCallerHangup() {
        Call call = bridgedCall();
        rig.fake.callerHangsUp(call.caller);
        AriRig.result(rig.client.hangup(call.media, "normal"));
        AriRig.result(rig.client.destroyBridge(call.bridge));
        await().until(() -> rig.fake.sentEvents().getLast().startsWith("BridgeDestroyed"));

        List<String> log = AriFixtures.lines("pjsip-caller-hangup/all-events.jsonl");
        assertThat(rig.fake.sentEventsFor(call.caller)).isEqualTo(captured(log, "1795257831.34"));
        assertThat(rig.fake.sentEventsFor(call.media)).isEqualTo(captured(log, "extmedia-sip"));
    }

    @Test
    void everyEventSentHasTheLayoutOfACapturedOneOfItsType() {
        Call call = bridgedCall();
        rig.fake.callerHangsUp(call.caller);
        AriRig.result(rig.client.hangup(call.media, "normal"));
        AriRig.result(rig.client.destroyBridge(call.bridge));
        String other = rig.fake.incomingCall("+4915112345678", "100");
        AriRig.result(rig.client.hangup(other, "normal"));
        AriRig.result(rig.client.originate(AriClient.newId(), "PJSIP/+4915112345678@provider", "Probe <5551000>", 30,
                List.of("originated", "demo")));
        await().until(() -> rig.fake.sentEvents().getLast().startsWith("StasisStart"));

        List<JsonObject> captured = AriFixtures.allEventLines().stream().map(JsonObject::new).toList();
        for (JsonObject sent : rig.fake.sentJson()) {
            Set<String> layout = layout(sent);
            assertThat(captured).as("a captured %s laid out as %s", sent.getString("type"), layout)
                    .anyMatch(c -> c.getString("type").equals(sent.getString("type")) && layout(c).equals(layout));
        }
    }

    @Test
    void restAnswersHaveTheCapturedLayout() {
        rig.fake.rtpAt("127.0.0.1", 10284);
        assertSameLayout(raw(HttpMethod.POST, "/ari/channels/externalMedia?app=callbridge&external_host=127.0.0.1:40000&format=ulaw"),
                "rest-externalMedia-response.json");
        assertSameLayout(raw(HttpMethod.POST, "/ari/channels?endpoint=Local/100@callbridge-test&app=callbridge&callerId=Probe%20%3C5551000%3E"),
                "rest-originate-response.json");
        assertSameLayout(raw(HttpMethod.POST, "/ari/bridges/bridge-1?type=mixing&name=callbridge-test"),
                "rest-bridge-create-response.json");
        assertSameLayout(raw(HttpMethod.GET, "/ari/asterisk/ping"), "rest-asterisk-ping.json");
        JsonArray channels = new JsonArray(raw(HttpMethod.GET, "/ari/channels"));
        assertThat(layout(channels.getJsonObject(0)))
                .isEqualTo(layout(new JsonArray(AriFixtures.read("rest-channels-list.json")).getJsonObject(0)));
    }

    // ------------------------------------------------------------------ helpers

    private record Call(String caller, String media, String bridge) {}

    /** The captured scenario's start: a caller, an externalMedia channel, both in a mixing bridge. */
    private Call bridgedCall() {
        String caller = rig.fake.incomingCall("tester", "100");
        String media = AriRig.result(rig.client.externalMedia(AriClient.newId(), "127.0.0.1:40004", "ulaw")).id();
        String bridge = AriRig.result(rig.client.createBridge(AriClient.newId(), "mixing")).id();
        AriRig.result(rig.client.addChannels(bridge, List.of(caller, media)));
        return new Call(caller, media, bridge);
    }

    /** A capture's events about one channel, in the format of {@link FakeAri#sentEventsFor}. */
    private static List<String> captured(List<String> log, String channelId) {
        return log.stream().map(JsonObject::new)
                .filter(e -> channelId.equals(e.getJsonObject("channel", e.getJsonObject("peer", new JsonObject())).getString("id")))
                .map(e -> e.getString("type") + (e.containsKey("variable") ? " " + e.getString("variable") : ""))
                .filter(line -> !NOT_MODELLED.contains(line) && !line.startsWith("ChannelVarset RTPAUDIOQOS"))
                .toList();
    }

    /** The set of key paths: {@code type}, {@code channel.caller.number}, … (array elements not descended into). */
    private static Set<String> layout(JsonObject json) {
        Set<String> out = new TreeSet<>();
        collect(json, "", out);
        return out;
    }

    private static void collect(JsonObject json, String prefix, Set<String> out) {
        for (String key : json.fieldNames()) {
            out.add(prefix + key);
            if (json.getValue(key) instanceof JsonObject nested) collect(nested, prefix + key + ".", out);
        }
    }

    private static void assertSameLayout(String fakeAnswer, String fixture) {
        assertThat(layout(new JsonObject(fakeAnswer))).as(fixture).isEqualTo(layout(new JsonObject(AriFixtures.read(fixture))));
    }

    private String raw(HttpMethod method, String pathAndQuery) {
        HttpClient http = vertx.createHttpClient();
        try {
            RequestOptions options = new RequestOptions().setMethod(method)
                    .setAbsoluteURI(rig.fake.url() + pathAndQuery)
                    .putHeader("Authorization", AriEndpoint.of(rig.fake.url(), AriRig.USER,
                            dev.callbridge.config.Secret.ofNullable(AriRig.PASSWORD), AriRig.APP).authorization());
            return AriRig.result(http.request(options).compose(req -> req.send().compose(resp -> resp.body()))).toString();
        } finally {
            AriRig.result(http.close());
        }
    }
}
