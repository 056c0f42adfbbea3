package dev.callbridge.asterisk;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.it.GatewayFixture;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The real gateway with {@code ARI_URL} pointed at a {@link FakeAri}, whose External Media
 * channels send and receive RTP at an {@link AsteriskRtpPeer}: Asterisk, from callbridge's side.
 */
final class AsteriskGatewayRig implements AutoCloseable {
    final Vertx vertx = Vertx.vertx();
    final FakeAri ari = FakeAri.start(vertx, "asterisk", "secret");
    final AsteriskRtpPeer rtp = AsteriskRtpPeer.bind(vertx);
    final GatewayFixture gw;

    AsteriskGatewayRig(Path dataDir, String... env) {
        this(dataDir, java.util.Map.of(), env);
    }

    /** The same with agents of the test's own beside the configured ones, by name. */
    AsteriskGatewayRig(Path dataDir, java.util.Map<String, java.util.function.Supplier<dev.callbridge.agent.Agent>> agents, String... env) {
        ari.rtpAt(AsteriskRtpPeer.HOST, rtp.port());
        List<String> kv = new ArrayList<>(List.of("ARI_URL", ari.url().toString(), "ARI_USERNAME", "asterisk", "ARI_PASSWORD", "secret",
                "RTP_HOST", "127.0.0.1", "RTP_PORT_MIN", "21000", "RTP_PORT_MAX", "25999"));
        kv.addAll(List.of(env));
        gw = new GatewayFixture(dataDir, agents, kv.toArray(String[]::new));
        await().atMost(Duration.ofSeconds(10)).until(ari::eventSocketConnected);
    }

    /** callbridge's RTP port for a call: the external_host it gave Asterisk in externalMedia. */
    int gatewayRtpPort(String callerChannelId) {
        await().until(() -> ari.bridges().stream().anyMatch(b -> b.channels().contains(callerChannelId)));
        return ari.lastExternalMediaPort();
    }

    /** The call record for an Asterisk channel, once it exists. */
    JsonNode call(String channelId) {
        await().until(() -> find(channelId) != null);
        return find(channelId);
    }

    private JsonNode find(String channelId) {
        for (JsonNode c : gw.get("/api/calls").json().path("calls")) {
            if (channelId.equals(c.path("providerCallId").asText())) return c;
        }
        return null;
    }

    @Override
    public void close() {
        gw.close();
        rtp.close();
        ari.close();
        vertx.close().await();
    }
}
