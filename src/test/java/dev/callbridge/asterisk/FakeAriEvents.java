package dev.callbridge.asterisk;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Builds events as Asterisk 22.10.1 sent them in the captures: event fields, then
 * {@code asterisk_id} and {@code application} last. Pure apart from the clock.
 */
final class FakeAriEvents {
    static final String ASTERISK_ID = "02:fc:00:00:00:01";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    private FakeAriEvents() {}

    /** Asterisk's timestamp format: {@code 2026-11-21T10:44:46.221+0000}. */
    static String now() {
        return ZonedDateTime.now(ZoneOffset.UTC).format(TIME);
    }

    static JsonObject stasisStart(String app, FakeAriChannel ch, List<String> args) {
        return envelope("StasisStart").put("args", new JsonArray(args)).put("channel", ch.toJson()).mergeIn(tail(app));
    }

    static JsonObject stasisEnd(String app, FakeAriChannel ch) {
        return channelEvent("StasisEnd", app, ch);
    }

    static JsonObject stateChange(String app, FakeAriChannel ch) {
        return channelEvent("ChannelStateChange", app, ch);
    }

    /** Fields first, as captured; {@code cause} null leaves both fields out (a caller's BYE). */
    static JsonObject hangupRequest(String app, FakeAriChannel ch, Integer cause, boolean soft) {
        JsonObject e = new JsonObject();
        if (cause != null) e.put("cause", cause);
        if (soft) e.put("soft", true);
        return e.mergeIn(envelope("ChannelHangupRequest")).put("channel", ch.toJson()).mergeIn(tail(app));
    }

    static JsonObject destroyed(String app, FakeAriChannel ch, int cause) {
        return envelope("ChannelDestroyed").put("cause", cause).put("cause_txt", FakeAriCauses.text(cause))
                .put("channel", ch.toJson()).mergeIn(tail(app));
    }

    static JsonObject dtmf(String app, FakeAriChannel ch, char digit, int durationMs) {
        return envelope("ChannelDtmfReceived").put("digit", String.valueOf(digit)).put("duration_ms", durationMs)
                .put("channel", ch.toJson()).mergeIn(tail(app));
    }

    static JsonObject enteredBridge(String app, FakeAriBridge bridge, FakeAriChannel ch) {
        return envelope("ChannelEnteredBridge").put("bridge", bridge.toJson()).put("channel", ch.toJson()).mergeIn(tail(app));
    }

    static JsonObject leftBridge(String app, FakeAriBridge bridge, FakeAriChannel ch) {
        return envelope("ChannelLeftBridge").put("bridge", bridge.toJson()).put("channel", ch.toJson()).mergeIn(tail(app));
    }

    static JsonObject bridgeDestroyed(String app, FakeAriBridge bridge) {
        return envelope("BridgeDestroyed").put("bridge", bridge.toJson()).mergeIn(tail(app));
    }

    static JsonObject dial(String app, FakeAriChannel peer, String dialstatus, String dialstring) {
        return envelope("Dial").put("dialstatus", dialstatus).put("forward", "").put("dialstring", dialstring)
                .put("peer", peer.toJson()).mergeIn(tail(app));
    }

    static JsonObject varset(String app, FakeAriChannel ch, String variable, String value) {
        return new JsonObject().put("variable", variable).put("value", value).mergeIn(envelope("ChannelVarset"))
                .put("channel", ch.toJson()).mergeIn(tail(app));
    }

    static JsonObject applicationReplaced(String app) {
        return envelope("ApplicationReplaced").put("application", app);
    }

    private static JsonObject channelEvent(String type, String app, FakeAriChannel ch) {
        return envelope(type).put("channel", ch.toJson()).mergeIn(tail(app));
    }

    private static JsonObject envelope(String type) {
        return new JsonObject().put("type", type).put("timestamp", now());
    }

    private static JsonObject tail(String app) {
        return new JsonObject().put("asterisk_id", ASTERISK_ID).put("application", app);
    }
}
