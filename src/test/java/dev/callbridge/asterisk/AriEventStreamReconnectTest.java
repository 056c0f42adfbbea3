package dev.callbridge.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A dropped events socket is reconnected with backoff, and every reconnect is reported so the owner can reconcile. */
class AriEventStreamReconnectTest extends AriRigFixture {
    @Test
    void aDropIsReportedThenReconnectedAndOnConnectedCalledAgain() {
        AriEventStream stream = rig.connectEvents();
        rig.fake.dropEventSocket();
        await().until(() -> rig.listener.connected.get() == 2 && rig.fake.eventSocketConnected());
        assertThat(rig.listener.timeline).containsExactly("connected", "disconnected", "connected");
        assertThat(rig.listener.disconnects).containsExactly("dropped without a close frame");
        assertThat(stream.reconnects()).isEqualTo(1);
        assertThat(stream.isConnected()).isTrue();

        // Events flow on the new socket.
        String id = rig.fake.incomingCall("+4915112345678", "100");
        await().until(() -> rig.listener.events.size() == 1);
        assertThat(RecordingListener.channelIdOf(rig.listener.events.getFirst())).isEqualTo(id);
    }

    @Test
    void everyDropIsFollowedByAReconnect() {
        AriEventStream stream = rig.connectEvents();
        for (int i = 1; i <= 3; i++) {
            rig.fake.dropEventSocket();
            int expected = i + 1;
            await().until(() -> rig.listener.connected.get() == expected && rig.fake.eventSocketConnected());
        }
        assertThat(stream.reconnects()).isEqualTo(3);
        assertThat(rig.listener.disconnects).hasSize(3);
    }

    @Test
    void whileAsteriskIsDownAttemptsBackOffExponentially() {
        rig.startStream(AriRig.PASSWORD, new CeilingRandom()); // delays exactly 10, 20, 40, 80, 160, 200 ms
        await().until(() -> rig.listener.connected.get() == 1 && rig.fake.eventSocketConnected());
        rig.fake.refuseEventSocket(true);
        rig.fake.dropEventSocket();
        await().until(() -> rig.listener.connectFailures.size() >= 5);
        rig.fake.refuseEventSocket(false);
        await().until(() -> rig.listener.connected.get() == 2);

        List<FakeAriEventSockets.Handshake> refused = rig.fake.handshakes().stream().filter(h -> h.status() == 0).toList();
        long[] gapsMs = new long[4];
        for (int i = 0; i < 4; i++) gapsMs[i] = (refused.get(i + 1).atNanos() - refused.get(i).atNanos()) / 1_000_000;
        // Lower bounds only: a busy machine may add delay, never remove it.
        assertThat(gapsMs[0]).isGreaterThanOrEqualTo(19);
        assertThat(gapsMs[1]).isGreaterThanOrEqualTo(39);
        assertThat(gapsMs[2]).isGreaterThanOrEqualTo(79);
        assertThat(gapsMs[3]).isGreaterThanOrEqualTo(159);
        assertThat(rig.listener.connectFailures).allSatisfy(e -> assertThat(e.status()).isZero());
    }

    @Test
    void aSocketThatGoesSilentIsDetectedByPingsAndReplaced() {
        // Pings every 50 ms; no pong (nor anything else) for 150 ms counts as dead.
        AriEventStream stream = rig.startStream(AriRig.PASSWORD, new java.util.SplittableRandom(7), java.time.Duration.ofMillis(50));
        await().until(() -> rig.listener.connected.get() == 1 && rig.fake.eventSocketConnected());
        rig.fake.freezeEventSocket();
        await().until(() -> rig.listener.connected.get() == 2);
        assertThat(rig.listener.timeline).containsExactly("connected", "disconnected", "connected");
        assertThat(stream.reconnects()).isEqualTo(1);
    }

    @Test
    void aLiveSocketWithoutEventsIsNotMistakenForADeadOne() throws InterruptedException {
        rig.startStream(AriRig.PASSWORD, new java.util.SplittableRandom(7), java.time.Duration.ofMillis(50));
        await().until(() -> rig.listener.connected.get() == 1);
        Thread.sleep(600); // four read-idle limits without a single event: the pongs keep it alive
        assertThat(rig.listener.timeline).containsExactly("connected");
    }
}
