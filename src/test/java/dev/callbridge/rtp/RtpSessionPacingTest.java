package dev.callbridge.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A second of audio played at once goes out at 20 ms per packet, with RTP's sequence, timestamp, SSRC and marker rules. */
class RtpSessionPacingTest {
    private final SessionFixture f = new SessionFixture(RtpFormat.PCMU, RtpSettings.DEFAULTS);

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void aBurstIsSentAtRealTimeWithConsistentHeaders() {
        RtpPeer asterisk = f.peer();
        f.session.remote(RtpPeer.HOST, asterisk.port());
        f.session.play(new byte[160 * 50], null); // 1 s, handed over at once like model audio

        await().atMost(Duration.ofSeconds(5)).until(() -> asterisk.received().size() >= 50);
        List<RtpPeer.Received> got = asterisk.received();
        double averageMs = (got.get(49).nanos() - got.get(0).nanos()) / 49 / 1e6;
        assertThat(averageMs).as("average spacing over 1 s").isCloseTo(20.0, within(1.5));

        List<RtpPacket> packets = asterisk.packets();
        RtpPacket first = packets.get(0);
        assertThat(first.marker()).isTrue();
        for (int i = 1; i < 50; i++) {
            RtpPacket p = packets.get(i);
            assertThat(p.sequence()).isEqualTo((first.sequence() + i) & 0xFFFF);
            assertThat(p.timestamp()).isEqualTo((first.timestamp() + 160L * i) & 0xFFFF_FFFFL);
            assertThat(p.ssrc()).isEqualTo(first.ssrc());
            assertThat(p.marker()).as("marker on packet %d", i).isFalse();
        }

        Histogram deviation = f.counters.pacingDeviationMicros();
        assertThat(deviation.getTotalCount()).isEqualTo(50);
        assertThat(deviation.getMaxValue()).as("no packet a whole 200 ms late").isLessThan(200_000);
    }

    @Test
    void theNextTalkspurtHasTheMarkerAndATimestampAdvancedByTheSilence() throws Exception {
        RtpPeer asterisk = f.peer();
        f.session.remote(RtpPeer.HOST, asterisk.port());
        f.session.play(new byte[160 * 3], null);
        await().atMost(Duration.ofSeconds(5)).until(() -> asterisk.received().size() >= 3);
        Thread.sleep(300);
        f.session.play(new byte[160 * 2], null);
        await().atMost(Duration.ofSeconds(5)).until(() -> asterisk.received().size() >= 5);

        List<RtpPacket> p = asterisk.packets();
        List<RtpPeer.Received> r = asterisk.received();
        assertThat(p.get(3).marker()).isTrue();
        assertThat(p.get(3).sequence()).isEqualTo((p.get(2).sequence() + 1) & 0xFFFF);
        long tsSlots = ((p.get(3).timestamp() - p.get(2).timestamp()) & 0xFFFF_FFFFL);
        assertThat(tsSlots % 160).isZero();
        double arrivalSlots = (r.get(3).nanos() - r.get(2).nanos()) / 20e6;
        assertThat((double) tsSlots / 160).as("timestamp gap matches the silent time").isCloseTo(arrivalSlots, within(3.0));
        assertThat(tsSlots / 160).isGreaterThanOrEqualTo(15);
    }
}
