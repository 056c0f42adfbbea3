package dev.callbridge.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.config.Secret;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** One events socket per app: a second one takes the app over, and the first is told with ApplicationReplaced. */
class AriApplicationReplacedTest extends AriRigFixture {
    @Test
    void theFirstSocketHearsApplicationReplacedAndNothingMore() {
        AriEventStream first = rig.connectEvents();
        RecordingListener secondListener = new RecordingListener();
        AriEventStream second = new AriEventStream(vertx, AriEndpoint.of(rig.fake.url(), AriRig.USER,
                Secret.ofNullable(AriRig.PASSWORD), AriRig.APP), secondListener, ReconnectBackoff.standard(), Duration.ofSeconds(10));
        try {
            second.start();
            await().until(() -> !rig.listener.events(AriEvent.ApplicationReplaced.class).isEmpty());
            assertThat(rig.listener.events(AriEvent.ApplicationReplaced.class).getFirst().application()).isEqualTo("callbridge");

            rig.fake.incomingCall("+4915112345678", "100");
            await().until(() -> secondListener.events.size() == 1);
            assertThat(rig.listener.events).hasSize(1); // only the ApplicationReplaced
            assertThat(first.isConnected()).isTrue(); // Asterisk leaves the old socket open; its owner decides
        } finally {
            AriRig.result(second.close());
        }
    }
}
