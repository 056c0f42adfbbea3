package dev.callbridge.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.it.Calls;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ARI events socket drops mid-call. Decision: the call survives. Its audio is RTP and its
 * channels stay in Stasis, so the caller notices nothing; the record says the link dropped. The
 * socket reconnects by itself, and the reconnect reconciles: a caller who hung up during the gap
 * ends the call then.
 */
class AsteriskAriLinkDropTest {
    @TempDir
    Path dir;

    private static void echoes(AsteriskGatewayRig rig, int port, int fill) {
        rig.rtp.sendFrame(AsteriskRtpPeer.frame(fill), port); // a lone frame, played after the jitter delay
        await().atMost(Duration.ofSeconds(3)).until(() -> rig.rtp.received().stream().anyMatch(r -> r.packet().payload()[0] == (byte) fill));
    }

    @Test
    void theCallGoesOnThroughTheDropAndTheRecordSaysSo() {
        try (AsteriskGatewayRig rig = new AsteriskGatewayRig(dir)) {
            String caller = rig.ari.incomingCall("+15551230000", "100");
            int port = rig.gatewayRtpPort(caller);
            String id = rig.call(caller).path("id").asText();
            echoes(rig, port, 0x21);

            rig.ari.dropEventSocket();
            echoes(rig, port, 0x22); // audio does not need ARI
            await().atMost(Duration.ofSeconds(10)).until(rig.ari::eventSocketConnected);
            assertThat(rig.gw.get("/api/calls/" + id).json().path("status").asText()).isEqualTo("in-progress");
            await().until(() -> rig.gw.get("/api/calls/" + id + "/transcript").body().contains("ARI) dropped"));
            assertThat(Calls.metric(rig.gw, "callbridge_ari_disconnects_total")).isEqualTo(1);

            // Still controlled after the reconnect: the caller's hang-up ends it normally.
            rig.ari.callerHangsUp(caller);
            assertThat(Calls.awaitStatus(rig.gw, id, "completed").path("endReason").asText()).isEqualTo("caller-hangup");
            await().until(() -> rig.ari.channels().isEmpty() && rig.ari.bridges().isEmpty());
        }
    }

    @Test
    void aCallerWhoHungUpWhileTheLinkWasDownIsFoundGoneAtTheReconnect() {
        try (AsteriskGatewayRig rig = new AsteriskGatewayRig(dir)) {
            String caller = rig.ari.incomingCall("+15551230000", "100");
            rig.gatewayRtpPort(caller);
            String id = rig.call(caller).path("id").asText();

            rig.ari.refuseEventSocket(true);
            rig.ari.dropEventSocket();
            await().until(() -> !rig.ari.eventSocketConnected());
            rig.ari.callerHangsUp(caller); // its events go nowhere
            rig.ari.refuseEventSocket(false);

            JsonNode ended = Calls.awaitStatus(rig.gw, id, "completed");
            assertThat(ended.path("endReason").asText()).isEqualTo("caller-hangup: seen when the ARI link came back");
            await().until(() -> rig.ari.channels().isEmpty() && rig.ari.bridges().isEmpty());
        }
    }
}
