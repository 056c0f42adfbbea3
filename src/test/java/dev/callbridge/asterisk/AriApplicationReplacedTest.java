package dev.callbridge.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.config.Secret;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One events socket per app: a second one takes the app over, and the first is told with ApplicationReplaced. */
class AriApplicationReplacedTest {
    private static Vertx vertx;
    private AriRig rig;

    @BeforeAll
    static void vertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void closeVertx() {
        vertx.close().await();
    }

    @BeforeEach
    void start() {
        rig = AriRig.start(vertx);
    }

    @AfterEach
    void stop() {
        rig.close();
    }

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
