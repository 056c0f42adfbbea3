package dev.callbridge.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.audio.G711;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Asterisk sends RTP as soon as the External Media channel exists: before its REST answer has
 * reached us, before the bridge is made, before the call has a leg or an agent. None of that
 * audio may be lost: with the echo agent, every packet the caller sent from the first one comes
 * back, sample for sample, in order.
 */
class AsteriskEarlyAudioTest {
    private static final int FRAMES = 60;

    @TempDir
    Path dir;

    /** 1.2 s of a rising tone, μ-law: no two frames alike, none silent. */
    private static List<byte[]> speech() {
        List<byte[]> frames = new ArrayList<>();
        double phase = 0;
        for (int f = 0; f < FRAMES; f++) {
            byte[] frame = new byte[160];
            double hz = 300 + f * 20;
            for (int i = 0; i < 160; i++) {
                phase += 2 * Math.PI * hz / 8000;
                frame[i] = G711.linearToUlaw((short) (6000 * Math.sin(phase) + 800));
            }
            frames.add(frame);
        }
        return frames;
    }

    @Test
    void audioSentFromTheMomentTheMediaChannelExistsAllComesBack() {
        List<byte[]> sent = speech();
        try (AsteriskGatewayRig rig = new AsteriskGatewayRig(dir)) {
            AtomicInteger next = new AtomicInteger();
            // A busy Asterisk: the externalMedia answer takes 150 ms, while the channel already streams the caller.
            rig.ari.externalMediaReplyDelay(150).onExternalMedia(gatewayPort -> {
                rig.rtp.sendFrameNow(sent.get(next.getAndIncrement()), gatewayPort); // the first packet before any answer
                rig.vertx.setPeriodic(20, id -> {
                    int n = next.getAndIncrement();
                    if (n < FRAMES) rig.rtp.sendFrameNow(sent.get(n), gatewayPort);
                    else rig.vertx.cancelTimer(id);
                });
            });
            rig.ari.incomingCall("+15551230000", "100");

            byte[] last = sent.getLast();
            await().atMost(Duration.ofSeconds(10)).until(() -> heard(rig).stream().anyMatch(f -> java.util.Arrays.equals(f, last)));
            List<byte[]> heard = heard(rig);
            assertThat(heard).as("frames echoed, the first ones included").hasSize(FRAMES);
            for (int f = 0; f < FRAMES; f++) {
                assertThat(heard.get(f)).as("frame %d (%d ms into the call)", f, f * 20).isEqualTo(sent.get(f));
            }
        }
    }

    /** What came back, without the silence the jitter buffer may have played around it. */
    private static List<byte[]> heard(AsteriskGatewayRig rig) {
        List<byte[]> frames = new ArrayList<>();
        for (AsteriskRtpPeer.Received r : rig.rtp.received()) {
            byte[] p = r.packet().payload();
            boolean silent = true;
            for (byte b : p) silent &= b == (byte) 0xFF;
            if (!silent) frames.add(p);
        }
        return frames;
    }
}
