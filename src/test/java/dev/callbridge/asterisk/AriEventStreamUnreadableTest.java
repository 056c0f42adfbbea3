package dev.callbridge.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import org.junit.jupiter.api.Test;

/** A frame the codec cannot read is reported, and the socket stays open for the next one. */
class AriEventStreamUnreadableTest extends AriRigFixture {
    @Test
    void malformedJsonIsReportedAndTheStreamContinues() {
        AriEventStream stream = rig.connectEvents();
        rig.fake.sendRaw("{\"type\":\"StasisStart\",");
        rig.fake.sendRaw("{\"type\":\"StasisStart\",\"application\":\"callbridge\",\"timestamp\":\"t\",\"args\":[]}");
        String id = rig.fake.incomingCall("+4915112345678", "100");
        await().until(() -> rig.listener.events.size() == 1);
        assertThat(rig.listener.timeline).containsExactly("connected", "unreadable", "unreadable", "event StasisStart");
        assertThat(rig.listener.unreadable.get(0).getMessage()).startsWith("not JSON");
        assertThat(rig.listener.unreadable.get(1).getMessage()).isEqualTo("StasisStart: channel is missing");
        assertThat(RecordingListener.channelIdOf(rig.listener.events.getFirst())).isEqualTo(id);
        assertThat(stream.isConnected()).isTrue();
        assertThat(rig.fake.handshakes()).hasSize(1);
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheStream() {
        RecordingListener after = new RecordingListener();
        AriEventStream.Listener throwing = new AriEventStream.Listener() {
            @Override
            public void onConnected() {
                after.onConnected();
            }

            @Override
            public void onEvent(AriEvent event) {
                after.onEvent(event);
                throw new IllegalStateException("a bug in the owner");
            }

            @Override
            public void onUnreadable(AriProtocolException e) {
            }

            @Override
            public void onDisconnected(String why) {
                after.onDisconnected(why);
            }
        };
        AriEventStream stream = new AriEventStream(vertx, AriEndpoint.of(rig.fake.url(), AriRig.USER,
                dev.callbridge.config.Secret.ofNullable(AriRig.PASSWORD), AriRig.APP), throwing,
                ReconnectBackoff.standard(), java.time.Duration.ofSeconds(10));
        try {
            stream.start();
            await().until(() -> after.connected.get() == 1 && rig.fake.eventSocketConnected());
            String id = rig.fake.incomingCall("+4915112345678", "100");
            rig.fake.dtmf(id, '5');
            await().until(() -> after.events.size() == 2);
            assertThat(after.disconnects).isEmpty();
        } finally {
            AriRig.result(stream.close());
        }
    }
}
