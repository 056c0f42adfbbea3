package dev.callbridge.asterisk;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** An {@link AriEventStream.Listener} that keeps everything it hears, and on which context it heard it. */
final class RecordingListener implements AriEventStream.Listener {
    final List<AriEvent> events = new CopyOnWriteArrayList<>();
    final List<AriProtocolException> unreadable = new CopyOnWriteArrayList<>();
    final List<String> disconnects = new CopyOnWriteArrayList<>();
    final List<AriException> connectFailures = new CopyOnWriteArrayList<>();
    final List<Context> contexts = new CopyOnWriteArrayList<>();
    /** "connected", "event StasisStart", "unreadable", "disconnected", "failed 401": the order things arrived in. */
    final List<String> timeline = new CopyOnWriteArrayList<>();
    final AtomicInteger connected = new AtomicInteger();

    @Override
    public void onConnected() {
        heard("connected");
        connected.incrementAndGet();
    }

    @Override
    public void onEvent(AriEvent event) {
        heard("event " + event.type());
        events.add(event);
    }

    @Override
    public void onUnreadable(AriProtocolException e) {
        heard("unreadable");
        unreadable.add(e);
    }

    @Override
    public void onDisconnected(String why) {
        heard("disconnected");
        disconnects.add(why);
    }

    @Override
    public void onConnectFailed(AriException e) {
        heard("failed " + e.status());
        connectFailures.add(e);
    }

    /** The events of one type, in order. */
    <T extends AriEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Events about one channel as "Type" strings, for comparing sequences with the fake's. */
    List<String> typesFor(String channelId) {
        return events.stream().filter(e -> channelId.equals(channelIdOf(e))).map(AriEvent::type).toList();
    }

    static String channelIdOf(AriEvent e) {
        return switch (e) {
            case AriEvent.StasisStart s -> s.channel().id();
            case AriEvent.StasisEnd s -> s.channel().id();
            case AriEvent.ChannelStateChange s -> s.channel().id();
            case AriEvent.ChannelDtmfReceived s -> s.channel().id();
            case AriEvent.ChannelHangupRequest s -> s.channel().id();
            case AriEvent.ChannelDestroyed s -> s.channel().id();
            case AriEvent.ChannelEnteredBridge s -> s.channel().id();
            case AriEvent.ChannelLeftBridge s -> s.channel().id();
            case AriEvent.Dial s -> s.peer().id();
            case AriEvent.Other o -> new JsonObject(o.rawJson()).getJsonObject("channel", new JsonObject()).getString("id");
            case AriEvent.BridgeDestroyed b -> null;
            case AriEvent.ApplicationReplaced a -> null;
        };
    }

    private void heard(String what) {
        contexts.add(Vertx.currentContext());
        timeline.add(what);
    }
}
