package dev.callbridge.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.sim.RealtimeEchoServer;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The realtime agent on Asterisk calls, with no special case: against the echoing Realtime
 * stand-in ({@code callbridge fake-realtime}), a ulaw call's audio goes up as {@code audio/pcmu}
 * and comes back byte for byte; a slin16 call's goes up as 24 kHz PCM, transcoded once each way,
 * and comes back as the same tone.
 */
class AsteriskCallsReachTheRealtimeAgentTest {
    @TempDir
    Path dir;
    private Vertx vertx;
    private RealtimeEchoServer model;

    @BeforeEach
    void startModel() {
        vertx = Vertx.vertx();
        model = RealtimeEchoServer.start(vertx, new RealtimeEchoServer.Options("127.0.0.1", 0, "sk-test", 1)).await();
    }

    @AfterEach
    void stopModel() {
        vertx.close().await();
    }

    @Test
    void aUlawCallTalksToTheModelAndHearsItsAudio() {
        try (AsteriskGatewayRig rig = new AsteriskGatewayRig(dir, "AGENT", "realtime", "OPENAI_API_KEY", "sk-test",
                "OPENAI_REALTIME_URL", model.url())) {
            String caller = rig.ari.incomingCall("+15551230000", "100");
            int port = rig.gatewayRtpPort(caller);
            for (int i = 0; i < 10; i++) rig.rtp.sendFrame(AsteriskRtpPeer.frame(0x20 + i), port);
            await().until(() -> rig.rtp.received().stream().filter(r -> r.packet().payload()[0] != (byte) 0xFF).count() >= 10);
            List<Integer> heard = rig.rtp.received().stream().map(r -> (int) r.packet().payload()[0]).filter(b -> b != -1).toList();
            assertThat(heard).containsSubsequence(0x20, 0x21, 0x25, 0x29);
            // The ten frames went up two to an append (OPENAI_APPEND_BATCH_MS defaults to 40).
            assertThat(model.counters().appendsEchoed()).isGreaterThanOrEqualTo(5);
            assertThat(rig.call(caller).path("agent").asText()).isEqualTo("realtime");
        }
    }

    @Test
    void aSlin16CallIsTranscodedOnceEachWayAndTheToneComesBack() {
        try (AsteriskGatewayRig rig = new AsteriskGatewayRig(dir, "AGENT", "realtime", "OPENAI_API_KEY", "sk-test",
                "OPENAI_REALTIME_URL", model.url(), "RTP_FORMAT", "slin16")) {
            String caller = rig.ari.incomingCall("+15551230000", "100");
            int port = rig.gatewayRtpPort(caller);
            FakeAri.Request media = rig.ari.requests().stream().filter(r -> r.path().endsWith("/externalMedia")).findFirst().orElseThrow();
            assertThat(media.params()).containsEntry("format", "slin16");
            byte[] tone = tone440(20);
            for (int i = 0; i < 25; i++) rig.rtp.sendSlin16(java.util.Arrays.copyOfRange(tone, i * 640, (i + 1) * 640), port);
            // The tone comes back at 16 kHz, big-endian on the wire, as loud as it went (±20 % after two resamplings).
            await().until(() -> rig.rtp.received().stream().filter(r -> rms(r.packet().payload()) > 1000).count() >= 10);
            assertThat(rig.rtp.received()).allSatisfy(r -> {
                assertThat(r.packet().payload()).hasSize(640);
                assertThat(r.packet().payloadType()).isEqualTo(118);
            });
            double loudest = rig.rtp.received().stream().mapToDouble(r -> rms(r.packet().payload())).max().orElse(0);
            assertThat(loudest).isBetween(rms16(tone) * 0.8, rms16(tone) * 1.2);
        }
    }

    /** {@code frames} × 20 ms (and 100 ms spare) of a 440 Hz tone at 16 kHz, 16-bit little-endian, amplitude 8000. */
    private static byte[] tone440(int frames) {
        byte[] pcm = new byte[frames * 640 + 640 * 5];
        for (int i = 0; i < pcm.length / 2; i++) {
            short v = (short) Math.round(8000 * Math.sin(2 * Math.PI * 440 * i / 16000.0));
            pcm[2 * i] = (byte) v;
            pcm[2 * i + 1] = (byte) (v >> 8);
        }
        return pcm;
    }

    private static double rms16(byte[] littleEndian) {
        double sum = 0;
        for (int i = 0; i + 1 < 640 * 10; i += 2) {
            short v = (short) ((littleEndian[i] & 0xFF) | littleEndian[i + 1] << 8);
            sum += (double) v * v;
        }
        return Math.sqrt(sum / (640 * 5));
    }

    /** RMS of a big-endian slin16 payload, as it is on the wire. */
    private static double rms(byte[] bigEndian) {
        double sum = 0;
        for (int i = 0; i + 1 < bigEndian.length; i += 2) {
            short v = (short) (bigEndian[i] << 8 | (bigEndian[i + 1] & 0xFF));
            sum += (double) v * v;
        }
        return Math.sqrt(sum / (bigEndian.length / 2.0));
    }
}
