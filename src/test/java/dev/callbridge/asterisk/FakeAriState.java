package dev.callbridge.asterisk;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Channels and bridges of {@link FakeAri}, and the transitions that change them, each emitting
 * the events in the order the Asterisk 22.10.1 captures show. Callers hold the lock (this).
 */
final class FakeAriState {
    final Map<String, FakeAriChannel> channels = new LinkedHashMap<>();
    final Map<String, FakeAriBridge> bridges = new LinkedHashMap<>();
    private final Consumer<JsonObject> sink;
    private final AtomicInteger sequence = new AtomicInteger();
    private final long epoch = System.currentTimeMillis() / 1000;
    /** The app of the newest events socket: the one events go to. */
    String app = "";

    FakeAriState(Consumer<JsonObject> sink) {
        this.sink = sink;
    }

    /** An Asterisk-style uniqueid, e.g. {@code 1795257858.36}; safe from any thread. */
    String uniqueId() {
        return epoch + "." + sequence.incrementAndGet();
    }

    /** The {@code -0000000e} part of channel names. */
    String nameSuffix() {
        return String.format("%08x", sequence.incrementAndGet());
    }

    static String hex(int digits) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < digits; i++) s.append(Character.forDigit(ThreadLocalRandom.current().nextInt(16), 16));
        return s.toString();
    }

    void emit(JsonObject event) {
        sink.accept(event);
    }

    FakeAriChannel add(FakeAriChannel ch) {
        channels.put(ch.id, ch);
        return ch;
    }

    /** {@code POST answer}: Up, then ChannelStateChange. */
    void answer(FakeAriChannel ch) {
        if (ch.state.equals("Up")) return;
        ch.state = "Up";
        emit(FakeAriEvents.stateChange(app, ch));
    }

    /** A channel we created was answered and entered the app (originate answered, externalMedia). */
    void dialAnswered(FakeAriChannel ch, String dialstring, List<String> args) {
        emit(FakeAriEvents.dial(app, ch, "", dialstring));
        ch.state = "Up";
        emit(FakeAriEvents.stateChange(app, ch));
        emit(FakeAriEvents.dial(app, ch, "ANSWER", dialstring));
        ch.enterStasis(app, String.join(",", args));
        emit(FakeAriEvents.varset(app, ch, "STASISSTATUS", ""));
        emit(FakeAriEvents.stasisStart(app, ch, args));
    }

    /** An originated channel that was not answered: no StasisStart, destroyed with the cause. */
    void dialFailed(FakeAriChannel ch, String dialstring, String dialstatus, int cause) {
        emit(FakeAriEvents.dial(app, ch, "", dialstring));
        emit(FakeAriEvents.dial(app, ch, dialstatus, dialstring));
        channels.remove(ch.id);
        emit(FakeAriEvents.destroyed(app, ch, cause));
    }

    /**
     * {@code DELETE /channels/{id}}, as pjsip-app-hangup and the externalMedia teardown show:
     * a soft hangup request (cause 32: Asterisk's explicit soft-hangup flag), out of the bridge,
     * StasisEnd, STASISSTATUS; a channel from the dialplan then gets a second request (16, soft);
     * last ChannelDestroyed with the cause the reason maps to.
     */
    void hangupByUs(FakeAriChannel ch, int cause) {
        emit(FakeAriEvents.hangupRequest(app, ch, 32, true));
        if (ch.bridgeId != null) leaveBridge(ch);
        if (ch.inStasis) {
            ch.inStasis = false;
            emit(FakeAriEvents.stasisEnd(app, ch));
            emit(FakeAriEvents.varset(app, ch, "STASISSTATUS", "SUCCESS"));
        }
        if (ch.origin == FakeAriChannel.Origin.INCOMING) emit(FakeAriEvents.hangupRequest(app, ch, 16, true));
        channels.remove(ch.id);
        emit(FakeAriEvents.destroyed(app, ch, cause));
    }

    /**
     * The caller hung up, as pjsip-caller-hangup shows: a hangup request with neither cause nor
     * soft, out of the bridge, StasisEnd, and nothing after (no ChannelDestroyed reaches the app).
     */
    void hangupByCaller(FakeAriChannel ch) {
        emit(FakeAriEvents.hangupRequest(app, ch, null, false));
        if (ch.bridgeId != null) leaveBridge(ch);
        if (ch.inStasis) {
            ch.inStasis = false;
            emit(FakeAriEvents.stasisEnd(app, ch));
        }
        channels.remove(ch.id);
    }

    /**
     * The channel leaves the app for the dialplan (ASSUMED order, as a hang-up without the
     * hang-up): out of the bridge, StasisEnd. It lives on in Asterisk, dialling on.
     */
    void continueInDialplan(FakeAriChannel ch, String context, String extension) {
        if (ch.bridgeId != null) leaveBridge(ch);
        ch.inStasis = false;
        emit(FakeAriEvents.stasisEnd(app, ch));
        if (context != null) ch.context = context;
        if (extension != null) ch.exten = extension;
        ch.appName = "Dial";
        ch.appData = "PJSIP/" + ch.exten + "@provider,60";
    }

    /** One channel into a bridge (out of another first); ChannelEnteredBridge lists it already. */
    void enterBridge(FakeAriBridge bridge, FakeAriChannel ch) {
        if (bridge.id.equals(ch.bridgeId)) return;
        if (ch.bridgeId != null) leaveBridge(ch);
        bridge.channels.add(ch.id);
        ch.bridgeId = bridge.id;
        emit(FakeAriEvents.enteredBridge(app, bridge, ch));
    }

    /** After channels joined: each learns its peers (BRIDGEPEER), as captured for a two-party bridge. */
    void announcePeers(FakeAriBridge bridge) {
        if (bridge.channels.size() < 2) return;
        for (String id : bridge.channels) {
            FakeAriChannel ch = channels.get(id);
            String peers = bridge.channels.stream().filter(other -> !other.equals(id))
                    .map(other -> channels.get(other).name).collect(Collectors.joining(","));
            emit(FakeAriEvents.varset(app, ch, "BRIDGEPEER", peers));
        }
    }

    /** BRIDGEPEER cleared, then ChannelLeftBridge listing the channels that remain. */
    void leaveBridge(FakeAriChannel ch) {
        FakeAriBridge bridge = bridges.get(ch.bridgeId);
        ch.bridgeId = null;
        if (bridge == null) return;
        bridge.channels.remove(ch.id);
        emit(FakeAriEvents.varset(app, ch, "BRIDGEPEER", ""));
        emit(FakeAriEvents.leftBridge(app, bridge, ch));
    }

    /** {@code DELETE /bridges/{id}}: its channels leave (they stay in the app), then BridgeDestroyed. */
    void destroyBridge(FakeAriBridge bridge) {
        for (String id : new ArrayList<>(bridge.channels)) leaveBridge(channels.get(id));
        bridges.remove(bridge.id);
        emit(FakeAriEvents.bridgeDestroyed(app, bridge));
    }
}
