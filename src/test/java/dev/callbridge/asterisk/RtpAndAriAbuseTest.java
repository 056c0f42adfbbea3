package dev.callbridge.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.it.JsonMutator;
import dev.callbridge.it.ServerLog;
import dev.callbridge.rtp.RtpCodec;
import dev.callbridge.rtp.RtpPacket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Asterisk front door under generated abuse, from a seeded {@link Random} (the seed is in the
 * failure message): random datagrams and RTP-shaped packets of every kind at one call's RTP port,
 * from Asterisk's address and from a stranger, and mutated ARI events (taken from the Asterisk 22
 * captures) on the events socket. The gateway stays up, logs no ERROR, keeps its ARI link, and
 * the other call goes on echoing; a new call is served afterwards.
 */
class RtpAndAriAbuseTest {
    private static final long SEED = Long.getLong("abuse.seed", 20260922L);

    @TempDir
    Path dir;

    @Test
    void generatedAbuseLeavesOtherCallsAlone() throws Exception {
        Random random = new Random(SEED);
        JsonMutator mutator = new JsonMutator(random);
        List<String> captured = AriFixtures.allEventLines();
        ServerLog log = new ServerLog();
        try (AsteriskGatewayRig rig = new AsteriskGatewayRig(dir);
             AsteriskRtpPeer stranger = AsteriskRtpPeer.bind(rig.vertx)) {
            String target = rig.ari.incomingCall("+15551230000", "100");
            int targetPort = rig.gatewayRtpPort(target);
            String other = rig.ari.incomingCall("+15551230001", "101");
            int otherPort = rig.gatewayRtpPort(other);
            assertThat(otherPort).isNotEqualTo(targetPort);
            echoes(rig, otherPort, 0x21);

            for (int i = 0; i < 1500; i++) {
                switch (random.nextInt(6)) {
                    case 0 -> rig.rtp.sendRaw(randomBytes(random, random.nextInt(1400)), targetPort);
                    case 1 -> rig.rtp.sendRaw(randomRtp(random), targetPort);
                    case 2 -> stranger.sendRaw(random.nextBoolean() ? randomRtp(random) : randomBytes(random, random.nextInt(300)),
                            random.nextBoolean() ? targetPort : otherPort);
                    case 3 -> rig.rtp.sendRaw(randomBytes(random, random.nextInt(200)), 21000 + random.nextInt(5000));
                    default -> rig.ari.sendRaw(random.nextInt(5) == 0
                            ? captured.get(random.nextInt(captured.size()))      // a real event out of place
                            : mutator.mutate(captured.get(random.nextInt(captured.size()))));
                }
                if (i % 100 == 0) rig.rtp.sendFrame(AsteriskRtpPeer.frame(0x30 + i / 100), otherPort); // the other call talks on
            }

            assertThat(rig.ari.eventSocketConnected()).as("seed %d", SEED).isTrue();
            echoes(rig, otherPort, 0x52);
            assertThat(rig.gw.get("/api/calls").json().path("calls").findValuesAsText("providerCallId")).contains(other);
            String fresh = rig.ari.incomingCall("+15551230002", "102");
            echoes(rig, rig.gatewayRtpPort(fresh), 0x53);
            assertThat(rig.gw.get("/health").status()).as("seed %d", SEED).isEqualTo(200);
        } finally {
            log.close(); // after the gateway's own shutdown, which is logged too
        }
        List<String> errors = log.errors();
        assertThat(errors).as("ERROR lines (seed %d)", SEED).isEmpty();
    }

    /** A frame sent to {@code port} comes back, byte for byte (random payloads echoed meanwhile cannot pass for it). */
    private static void echoes(AsteriskGatewayRig rig, int port, int fill) {
        byte[] frame = AsteriskRtpPeer.frame(fill);
        rig.rtp.sendFrame(frame, port);
        await().atMost(Duration.ofSeconds(5)).until(() -> rig.rtp.received().stream().anyMatch(r -> Arrays.equals(r.packet().payload(), frame)));
    }

    /** A well-formed RTP header with anything in it: payload type, sequence, timestamp, SSRC, marker, length. */
    private static byte[] randomRtp(Random random) {
        byte[] payload = randomBytes(random, random.nextInt(4) == 0 ? random.nextInt(1200) : 160);
        RtpPacket p = new RtpPacket(random.nextBoolean(), random.nextInt(128), random.nextInt(0x10000),
                random.nextLong(0x1_0000_0000L), random.nextInt(3) == 0 ? 0x7fba96c3L : random.nextLong(0x1_0000_0000L), payload);
        return RtpCodec.encode(p);
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
