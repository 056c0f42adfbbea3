package dev.callbridge.rtp;

import static dev.callbridge.rtp.RtpPeer.pcmu;
import static dev.callbridge.rtp.RtpPeer.ulaw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Audio crosses a real UDP socket pair both ways: the peer's packets reach the listener in order, played audio reaches the peer. */
class RtpSessionAudioBothWaysTest {
    private final SessionFixture f = new SessionFixture(RtpFormat.PCMU, RtpSettings.DEFAULTS);

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void inboundAudioIsHeardInOrderAndPlayedAudioArrivesFromTheSameSocket() {
        RtpPeer asterisk = f.peer();
        f.session.remote(RtpPeer.HOST, asterisk.port());

        List<byte[]> stream = IntStream.rangeClosed(1, 25).mapToObj(i -> pcmu(1000 + i, i)).toList();
        asterisk.sendPaced(RtpPeer.oneEach(stream), f.port());
        byte[] speech = new byte[160 * 10];
        for (int i = 0; i < 10; i++) System.arraycopy(ulaw(101 + i), 0, speech, 160 * i, 160);
        f.session.play(speech, null);

        await().atMost(Duration.ofSeconds(5)).until(() -> f.heardAudio().size() >= 25 && asterisk.received().size() >= 10);
        assertThat(f.heardAudio()).containsExactlyElementsOf(IntStream.rangeClosed(1, 25).boxed().toList());
        assertThat(f.heardIds().subList(0, 25)).as("nothing concealed in the middle").doesNotContain(-1);

        List<Integer> sentIds = new ArrayList<>();
        for (RtpPeer.Received r : asterisk.received()) {
            assertThat(r.fromPort()).as("symmetric RTP: sent from the receiving socket").isEqualTo(f.port());
            RtpPacket p = r.packet();
            assertThat(p.payloadType()).isZero();
            assertThat(p.payload()).hasSize(160);
            sentIds.add((int) p.payload()[0]);
        }
        assertThat(sentIds).containsExactlyElementsOf(IntStream.rangeClosed(101, 110).boxed().toList());
        assertThat(f.counters.snapshot().packetsIn()).isEqualTo(25);
        assertThat(f.counters.snapshot().packetsOut()).isEqualTo(10);
    }
}
