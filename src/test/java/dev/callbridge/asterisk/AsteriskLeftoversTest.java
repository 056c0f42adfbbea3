package dev.callbridge.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.config.Secret;
import dev.callbridge.it.GatewayFixture;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a crashed callbridge left in Asterisk (our bridges and External Media channels, callers
 * stuck in Stasis) is cleaned up when the next one connects; channels outside the app are left
 * alone, and new calls are unaffected.
 */
class AsteriskLeftoversTest {
    @TempDir
    Path dir;

    @Test
    void leftoversAreHungUpOrDestroyedOnConnect() {
        Vertx vertx = Vertx.vertx();
        FakeAri ari = FakeAri.start(vertx, "asterisk", "secret");
        AriClient previous = new AriClient(vertx, ari.url(), "asterisk", Secret.ofNullable("secret"), "callbridge");
        try {
            // A previous run: connected, took a call, bridged it to media, then died without cleaning up.
            AriEventStream previousEvents = new AriEventStream(vertx, ari.url(), "asterisk", Secret.ofNullable("secret"),
                    "callbridge", new RecordingListener());
            previousEvents.start();
            await().until(ari::eventSocketConnected);
            String stuckCaller = ari.incomingCall("+15550000001", "100");
            String oldBridge = AriClient.newId();
            String oldMedia = AriClient.newId();
            previous.createBridge(oldBridge, "mixing").await();
            previous.externalMedia(oldMedia, "127.0.0.1:21000", "ulaw").await();
            previous.addChannels(oldBridge, List.of(stuckCaller, oldMedia)).await();
            previousEvents.close().await();
            await().until(() -> !ari.eventSocketConnected());

            try (GatewayFixture gw = new GatewayFixture(dir, "ARI_URL", ari.url().toString(), "ARI_USERNAME", "asterisk",
                    "ARI_PASSWORD", "secret", "RTP_PORT_MIN", "26000", "RTP_PORT_MAX", "26999")) {
                await().atMost(Duration.ofSeconds(10)).until(() -> ari.channels().isEmpty() && ari.bridges().isEmpty());
                assertThat(ari.requests()).extracting(r -> r.method() + " " + r.path()).contains(
                        "DELETE /ari/channels/" + stuckCaller, "DELETE /ari/channels/" + oldMedia, "DELETE /ari/bridges/" + oldBridge);
                assertThat(gw.get("/api/calls").json().path("calls")).isEmpty(); // nothing adopted as a call
            }
        } finally {
            ari.close();
            vertx.close().await();
        }
    }
}
