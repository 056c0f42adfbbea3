package dev.callbridge.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.it.Calls;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed ARI events and stray or malformed RTP are counted and ignored; the calls go on. */
class AsteriskBadInputTest {
    @TempDir
    Path dir;

    @Test
    void malformedAriJsonIsSkippedAndTheNextCallIsServed() {
        try (AsteriskGatewayRig rig = new AsteriskGatewayRig(dir)) {
            rig.ari.sendRaw("{\"type\":\"StasisStart\",\"channel\":");
            rig.ari.sendRaw("not json at all");
            String caller = rig.ari.incomingCall("+15551230000", "100");
            int port = rig.gatewayRtpPort(caller);
            rig.rtp.sendFrame(AsteriskRtpPeer.frame(0x41), port);
            await().until(() -> rig.rtp.received().stream().anyMatch(r -> r.packet().payload()[0] == 0x41));
            assertThat(Calls.metric(rig.gw, "callbridge_ari_unreadable_events_total")).isEqualTo(2);
            assertThat(rig.ari.eventSocketConnected()).isTrue();
        }
    }

    @Test
    void rtpFromAWrongSourceAndMalformedRtpAreIgnored() throws Exception {
        try (AsteriskGatewayRig rig = new AsteriskGatewayRig(dir);
             AsteriskRtpPeer stranger = AsteriskRtpPeer.bind(rig.vertx)) {
            String caller = rig.ari.incomingCall("+15551230000", "100");
            int port = rig.gatewayRtpPort(caller);
            rig.rtp.sendFrame(AsteriskRtpPeer.frame(0x51), port);
            await().until(() -> rig.rtp.received().stream().anyMatch(r -> r.packet().payload()[0] == 0x51));

            for (int i = 0; i < 5; i++) stranger.sendFrame(AsteriskRtpPeer.frame(0x66), port);   // not Asterisk's address
            rig.rtp.sendRaw(new byte[] {0x12, 0x34}, port);                                       // too short to be RTP
            rig.rtp.sendRaw(new byte[] {(byte) 0x40, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0}, port);     // version 1
            await().atMost(Duration.ofSeconds(3)).until(() -> Calls.metric(rig.gw, "callbridge_rtp_problems_total", "kind=\"wrong_source\"") == 5);
            assertThat(Calls.metric(rig.gw, "callbridge_rtp_problems_total", "kind=\"malformed\"")).isEqualTo(2);
            var asterisk = rig.gw.get("/stats").json().path("byProvider").path("asterisk");
            assertThat(asterisk.path("wrong_source").asLong()).isEqualTo(5);
            assertThat(asterisk.path("malformed").asLong()).isEqualTo(2);
            assertThat(asterisk.path("framesIn").asLong()).isPositive();
            assertThat(asterisk.path("activeCalls").asInt()).isEqualTo(1);

            rig.rtp.sendFrame(AsteriskRtpPeer.frame(0x52), port);
            await().until(() -> rig.rtp.received().stream().anyMatch(r -> r.packet().payload()[0] == 0x52));
            Thread.sleep(200);
            assertThat(rig.rtp.received()).noneMatch(r -> r.packet().payload()[0] == 0x66);
            assertThat(stranger.received()).isEmpty();
        }
    }
}
