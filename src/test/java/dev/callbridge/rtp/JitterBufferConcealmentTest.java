package dev.callbridge.rtp;

import static dev.callbridge.rtp.JitterBufferOrderTest.frame;
import static dev.callbridge.rtp.JitterBufferOrderTest.id;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A missing frame becomes silence of the right size and format, counted lost; a packet without audio is silence, not loss. */
class JitterBufferConcealmentTest {
    final RtpCounters counters = new RtpCounters();

    @Test
    void aMissingPcmuFrameIsOneFrameOfMuLawSilence() {
        JitterBuffer buffer = new JitterBuffer(RtpFormat.PCMU, counters);
        buffer.insert(1, 100, frame(1));
        buffer.insert(1, 102, frame(3));
        assertThat(id(buffer.next())).isEqualTo(1);
        byte[] concealed = buffer.next();
        assertThat(concealed).hasSize(160).containsOnly((byte) 0xFF);
        assertThat(id(buffer.next())).isEqualTo(3);
        assertThat(counters.snapshot().lost()).isEqualTo(1);
    }

    @Test
    void aMissingSlin16FrameIs640BytesOfZeros() {
        JitterBuffer buffer = new JitterBuffer(RtpFormat.SLIN16, counters);
        byte[] a = new byte[640];
        a[0] = 1;
        byte[] c = new byte[640];
        c[0] = 3;
        buffer.insert(1, 7, a);
        buffer.insert(1, 9, c);
        assertThat(buffer.next()).isSameAs(a);
        assertThat(buffer.next()).hasSize(640).containsOnly((byte) 0);
        assertThat(buffer.next()).isSameAs(c);
        assertThat(counters.snapshot().lost()).isEqualTo(1);
    }

    @Test
    void aBurstOfLossIsConcealedFrameByFrame() {
        JitterBuffer buffer = new JitterBuffer(RtpFormat.PCMU, counters);
        buffer.insert(1, 1, frame(1));
        buffer.insert(1, 2, frame(2));
        buffer.insert(1, 7, frame(7));
        int[] played = new int[7];
        for (int i = 0; i < played.length; i++) played[i] = id(buffer.next());
        assertThat(played).containsExactly(1, 2, -1, -1, -1, -1, 7);
        assertThat(counters.snapshot().lost()).isEqualTo(4);
    }

    @Test
    void aPacketWithoutAudioPlaysAsSilenceAndIsNotLost() {
        JitterBuffer buffer = new JitterBuffer(RtpFormat.PCMU, counters);
        buffer.insert(1, 1, frame(1));
        buffer.insert(1, 2, null); // e.g. a DTMF event packet
        buffer.insert(1, 3, frame(3));
        assertThat(id(buffer.next())).isEqualTo(1);
        assertThat(id(buffer.next())).isEqualTo(-1);
        assertThat(id(buffer.next())).isEqualTo(3);
        assertThat(counters.snapshot().lost()).isZero();
    }

    @Test
    void aLonePacketIsPlayedAfterTheTargetDepthInTicks() {
        JitterBuffer buffer = new JitterBuffer(RtpFormat.PCMU, counters);
        buffer.insert(1, 1, frame(1));
        assertThat(buffer.next()).isNull();
        assertThat(id(buffer.next())).isEqualTo(1);
    }

    @Test
    void whenFullTheOldestIsDroppedToMakeRoom() {
        JitterBuffer buffer = new JitterBuffer(RtpFormat.PCMU, 2, 4, 5, counters);
        for (int seq = 1; seq <= 6; seq++) buffer.insert(1, seq, frame(seq)); // 1 and 2 are pushed out
        assertThat(buffer.depth()).isEqualTo(4);
        assertThat(id(buffer.next())).isEqualTo(3);
        assertThat(id(buffer.next())).isEqualTo(4);
        assertThat(counters.snapshot().overflow()).isEqualTo(2);
        assertThat(counters.snapshot().lost()).isZero();
    }
}
