package dev.callbridge.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import org.junit.jupiter.api.Test;

/** {@code close()} stops the stream for good: no reconnects, no more callbacks. */
class AriEventStreamCloseTest extends AriRigFixture {
    @Test
    void closingAConnectedStreamClosesTheSocketWithoutReconnecting() throws InterruptedException {
        AriEventStream stream = rig.connectEvents();
        AriRig.result(stream.close());
        assertThat(stream.isConnected()).isFalse();
        await().until(() -> !rig.fake.eventSocketConnected());
        Thread.sleep(300); // ten times the longest retry delay of the rig's backoff (in the first rounds)
        assertThat(rig.fake.handshakes()).hasSize(1);
        assertThat(rig.listener.timeline).containsExactly("connected"); // no "disconnected" after our own close
    }

    @Test
    void closingWhileRetryingStopsTheRetries() throws InterruptedException {
        rig.fake.refuseEventSocket(true);
        AriEventStream stream = rig.startStream(AriRig.PASSWORD);
        await().until(() -> rig.listener.connectFailures.size() >= 2);
        AriRig.result(stream.close());
        int attempts = rig.fake.handshakes().size();
        rig.fake.refuseEventSocket(false);
        Thread.sleep(500);
        assertThat(rig.fake.handshakes()).hasSize(attempts);
        assertThat(rig.listener.connected.get()).isZero();
        assertThat(stream.isConnected()).isFalse();
    }

    @Test
    void startAfterCloseDoesNothing() throws InterruptedException {
        AriEventStream stream = rig.startStream(AriRig.PASSWORD);
        await().until(() -> rig.listener.connected.get() == 1);
        AriRig.result(stream.close());
        stream.start();
        Thread.sleep(200);
        assertThat(rig.fake.handshakes()).hasSize(1);
    }
}
