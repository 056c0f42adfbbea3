package dev.callbridge.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.call.CallRecord;
import dev.callbridge.call.CallStatus;
import dev.callbridge.it.ServeProcess;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM on a real {@code serve} process with Asterisk calls in flight: a channel entering
 * Stasis during the drain is hung up with {@code congestion}, an API call gets 503, the live
 * call's audio still flows, a caller who hangs up keeps {@code caller-hangup}, and at the deadline
 * the call still up and the one still ringing are hung up over ARI (answered before the process
 * exits) and recorded {@code shutdown}. Nothing of ours is left in Asterisk.
 */
class SigtermDrainsAsteriskCallsTest {
    private static final int DRAIN_SECONDS = 6; // room for the checks below on a loaded machine

    @TempDir
    Path dir;

    private final Vertx vertx = Vertx.vertx();
    private final FakeAri ari = FakeAri.start(vertx, "asterisk", "secret");
    private final AsteriskRtpPeer rtp = AsteriskRtpPeer.bind(vertx);

    @AfterEach
    void tearDown() {
        rtp.close();
        ari.close();
        vertx.close().await();
    }

    @Test
    void callsInStasisFinishOrAreHungUpOverAriBeforeExit() throws Exception {
        ari.rtpAt(AsteriskRtpPeer.HOST, rtp.port());
        try (ServeProcess serve = ServeProcess.start(dir, Map.of("DRAIN_SECONDS", String.valueOf(DRAIN_SECONDS),
                "ARI_URL", ari.url().toString(), "ARI_USERNAME", "asterisk", "ARI_PASSWORD", "secret",
                "RTP_HOST", "127.0.0.1", "RTP_PORT_MIN", "27000", "RTP_PORT_MAX", "27999"))) {
            await().atMost(Duration.ofSeconds(20)).until(ari::eventSocketConnected);
            String stays = ari.incomingCall("+15551230001", "100");
            int staysPort = rtpPort(stays);
            String leaves = ari.incomingCall("+15551230002", "100");
            rtpPort(leaves);
            ari.nextOriginate(OriginateOutcome.answered().after(Duration.ofSeconds(120)));
            ServeProcess.Reply dialled = serve.postJson("/api/calls", "{\"provider\":\"asterisk\",\"to\":\"PJSIP/200\"}");
            assertThat(dialled.status()).as(dialled.body()).isEqualTo(201);
            String ringingId = dialled.json().path("id").asText();
            String ringingChannel = dialled.json().path("providerCallId").asText();
            String staysId = callFor(serve, stays).path("id").asText();
            String leavesId = callFor(serve, leaves).path("id").asText();

            serve.sigterm();
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> serve.get("/health").status() == 503);
            assertThat(serve.get("/health").json().path("status").asText()).isEqualTo("draining");

            String refused = ari.incomingCall("+15551230003", "100");
            await().atMost(Duration.ofSeconds(5)).until(() -> hungUp(refused, "congestion"));
            ServeProcess.Reply api = serve.postJson("/api/calls", "{\"provider\":\"asterisk\",\"to\":\"PJSIP/201\"}");
            assertThat(api.status()).as(api.body()).isEqualTo(503);
            assertThat(api.json().path("error").path("code").asText()).isEqualTo("draining");

            rtp.sendFrame(AsteriskRtpPeer.frame(0x5A), staysPort);
            await("the live call still echoes").atMost(Duration.ofSeconds(5))
                    .until(() -> rtp.received().stream().anyMatch(r -> r.packet().payload()[0] == 0x5A));
            ari.callerHangsUp(leaves);

            assertThat(serve.awaitExit(Duration.ofSeconds(DRAIN_SECONDS + 20))).as(serve.logText()).isZero();
            assertThat(hungUp(stays, "normal")).as("the caller still up is hung up over ARI").isTrue();
            assertThat(hungUp(ringingChannel, "normal")).as("the call still ringing is hung up over ARI").isTrue();
            assertThat(ari.channels()).as("nothing of ours left in Asterisk").isEmpty();
            assertThat(ari.bridges()).isEmpty();

            assertEnded(serve.storedCall(staysId).orElseThrow(), CallStatus.COMPLETED, "shutdown");
            assertEnded(serve.storedCall(leavesId).orElseThrow(), CallStatus.COMPLETED, "caller-hangup");
            assertEnded(serve.storedCall(ringingId).orElseThrow(), CallStatus.CANCELED, "shutdown");
            List<CallRecord> all = serve.storedCalls();
            assertThat(all).as("three calls and two refused").hasSize(5).allSatisfy(r -> assertThat(r.endedAt()).as(r.toString()).isNotNull());
            assertThat(all).filteredOn(r -> r.status() == CallStatus.REJECTED).extracting(CallRecord::endReason)
                    .containsExactly("draining", "draining");
        }
    }

    /** The gateway's RTP port for a caller, once their call is bridged. */
    private int rtpPort(String callerChannelId) {
        await().atMost(Duration.ofSeconds(10)).until(() -> ari.bridges().stream().anyMatch(b -> b.channels().contains(callerChannelId)));
        return ari.lastExternalMediaPort();
    }

    private static JsonNode callFor(ServeProcess serve, String channelId) {
        for (JsonNode c : serve.get("/api/calls").json().path("calls")) {
            if (channelId.equals(c.path("providerCallId").asText())) return c;
        }
        throw new AssertionError("no call for channel " + channelId);
    }

    /** Asterisk was asked to hang up {@code channelId} with {@code reason}, and did. */
    private boolean hungUp(String channelId, String reason) {
        return ari.requests().stream().anyMatch(r -> r.method().equals("DELETE") && r.path().equals("/ari/channels/" + channelId)
                && reason.equals(r.params().get("reason")) && r.status() == 204);
    }

    private static void assertEnded(CallRecord call, CallStatus status, String reason) {
        assertThat(call.status()).as(call.toString()).isEqualTo(status);
        assertThat(call.endReason()).as(call.toString()).isEqualTo(reason);
    }
}
