package dev.callbridge.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import org.junit.jupiter.api.Test;

/** Refused connects (Asterisk down, or 401) are reported and retried until Asterisk accepts. */
class AriEventStreamRefusedTest extends AriRigFixture {
    @Test
    void refusedForAWhileThenAccepted() {
        rig.fake.refuseEventSocket(true);
        AriEventStream stream = rig.startStream(AriRig.PASSWORD);
        await().until(() -> rig.listener.connectFailures.size() >= 3);
        assertThat(stream.isConnected()).isFalse();
        assertThat(rig.listener.connected.get()).isZero();
        assertThat(rig.listener.connectFailures).allSatisfy(e -> {
            assertThat(e.status()).isZero();
            assertThat(e.getMessage()).startsWith("ARI events unreachable");
        });

        rig.fake.refuseEventSocket(false);
        await().until(() -> rig.listener.connected.get() == 1 && rig.fake.eventSocketConnected());
        assertThat(stream.isConnected()).isTrue();
        assertThat(stream.reconnects()).isZero(); // the first successful connect is not a reconnect
        assertThat(rig.listener.disconnects).isEmpty(); // never connected before: nothing was lost
    }

    @Test
    void a401IsReportedWithAsterisksMessageAndRetried() {
        rig.startStream("wrong-password");
        await().until(() -> rig.listener.connectFailures.size() >= 3);
        assertThat(rig.listener.connectFailures).allSatisfy(e -> {
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.getMessage()).isEqualTo("Authentication required");
        });
        assertThat(rig.fake.handshakes()).allSatisfy(h -> assertThat(h.status()).isEqualTo(401));

        // ari.conf changed to what we send (Asterisk restarted with new config): the retries get in.
        rig.fake.credentials(AriRig.USER, "wrong-password");
        await().until(() -> rig.listener.connected.get() == 1);
        assertThat(rig.fake.handshakes().getLast().status()).isEqualTo(101);
    }
}
