package dev.callbridge.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.it.Calls;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A call entering {@code Stasis(callbridge)} reaches the echo agent exactly as a Twilio call
 * does: answered, bridged to an External Media channel, audio both ways over symmetric RTP, the
 * caller's keys from ARI, and everything we created torn down when either side hangs up.
 */
class AsteriskInboundCallTest {
    @TempDir
    Path dir;

    @Test
    void aCallIsAnsweredBridgedAndEchoedBothWays() throws Exception {
        try (AsteriskGatewayRig rig = new AsteriskGatewayRig(dir)) {
            String caller = rig.ari.incomingCall("+15551230000", "100");
            int port = rig.gatewayRtpPort(caller);

            // protocols/asterisk-ari.md's sequence: answer, a mixing bridge, External Media at our socket, both in the bridge.
            List<String> calls = rig.ari.requests().stream().map(r -> r.method() + " " + r.path().replaceAll("cb-[0-9a-f]+", "cb-*")).toList();
            assertThat(calls).containsSubsequence("POST /ari/channels/" + caller + "/answer", "POST /ari/bridges/cb-*",
                    "POST /ari/channels/externalMedia", "POST /ari/bridges/cb-*/addChannel");
            FakeAri.Request media = rig.ari.requests().stream().filter(r -> r.path().endsWith("/externalMedia")).findFirst().orElseThrow();
            assertThat(media.params()).containsEntry("format", "ulaw").containsEntry("app", "callbridge");
            assertThat(media.params().get("channelId")).startsWith("cb-");

            JsonNode call = rig.call(caller);
            assertThat(call.path("provider").asText()).isEqualTo("asterisk");
            assertThat(call.path("direction").asText()).isEqualTo("inbound");
            assertThat(call.path("from").asText()).isEqualTo("+15551230000");
            assertThat(call.path("to").asText()).isEqualTo("100");

            // 25 frames of distinct audio come back, in order, from the port we were given (symmetric RTP).
            for (int i = 0; i < 25; i++) {
                rig.rtp.sendFrame(AsteriskRtpPeer.frame(0x10 + i), port);
                Thread.sleep(20);
            }
            await().until(() -> rig.rtp.received().stream().filter(r -> r.packet().payload()[0] != (byte) 0xFF).count() >= 25);
            List<AsteriskRtpPeer.Received> echoed = rig.rtp.received().stream().filter(r -> r.packet().payload()[0] != (byte) 0xFF).toList();
            assertThat(echoed).extracting(r -> (int) r.packet().payload()[0])
                    .containsSubsequence(0x10, 0x11, 0x12, 0x20, 0x28);
            assertThat(echoed).allSatisfy(r -> {
                assertThat(r.fromPort()).isEqualTo(port);
                assertThat(r.packet().payloadType()).isZero();
                assertThat(r.packet().payload()).hasSize(160);
            });
            assertThat(Calls.metric(rig.gw, "callbridge_rtp_packets_total", "direction=\"in\"")).isGreaterThanOrEqualTo(25);

            // A key from ARI reaches the record.
            rig.ari.dtmf(caller, '7');
            String id = call.path("id").asText();
            await().until(() -> rig.gw.get("/api/calls/" + id + "/transcript").body().contains("\"kind\":\"dtmf\""));

            rig.ari.callerHangsUp(caller);
            JsonNode ended = Calls.awaitStatus(rig.gw, id, "completed");
            assertThat(ended.path("endReason").asText()).isEqualTo("caller-hangup");
            // Our External Media channel and bridge are gone too: nothing leaks.
            await().until(() -> rig.ari.channels().isEmpty() && rig.ari.bridges().isEmpty());
        }
    }

    @Test
    void ourHangUpTearsDownTheCallersChannelTheMediaChannelAndTheBridge() {
        try (AsteriskGatewayRig rig = new AsteriskGatewayRig(dir)) {
            String caller = rig.ari.incomingCall("+15551230000", "100");
            rig.gatewayRtpPort(caller);
            String id = rig.call(caller).path("id").asText();
            await().until(() -> rig.gw.get("/api/calls/" + id).json().path("status").asText().equals("in-progress"));

            assertThat(rig.gw.postJson("/api/calls/" + id + "/hangup", "{}").status()).isEqualTo(202);
            JsonNode ended = Calls.awaitStatus(rig.gw, id, "completed");
            assertThat(ended.path("endReason").asText()).isEqualTo("api-hangup");
            await().until(() -> rig.ari.channels().isEmpty() && rig.ari.bridges().isEmpty());
            assertThat(rig.ari.requests()).anySatisfy(r -> assertThat(r.method() + " " + r.path()).isEqualTo("DELETE /ari/channels/" + caller));
        }
    }
}
