package dev.callbridge.rtp;

import static dev.callbridge.rtp.JitterBufferOrderTest.frame;
import static dev.callbridge.rtp.JitterBufferOrderTest.id;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Sequence numbers wrap at 65535 without a hiccup (RFC 3550 A.1), and only a confirmed jump restarts the numbering. */
class JitterBufferSequenceWrapTest {
    final RtpCounters counters = new RtpCounters();
    final JitterBuffer buffer = new JitterBuffer(RtpFormat.PCMU, counters);

    private void insert(int seq, int id) {
        buffer.insert(1, seq, frame(id));
    }

    @Test
    void playsStraightThroughTheWrap() {
        int[] seqs = {65533, 65534, 65535, 0, 1, 2, 3};
        for (int i = 0; i < seqs.length; i++) insert(seqs[i], i + 1);
        for (int i = 0; i < seqs.length; i++) assertThat(id(buffer.next())).isEqualTo(i + 1);
        assertThat(counters.snapshot()).isEqualTo(new RtpCounters().snapshot());
    }

    @Test
    void reorderingAcrossTheWrapIsUndone() {
        insert(65534, 1);
        insert(0, 3);
        insert(65535, 2);
        insert(1, 4);
        for (int i = 1; i <= 4; i++) assertThat(id(buffer.next())).isEqualTo(i);
        assertThat(counters.snapshot().reordered()).isEqualTo(1);
        assertThat(counters.snapshot().late()).isZero();
    }

    @Test
    void aLatePacketFromBeforeTheWrapIsLateNotFarAhead() {
        insert(65534, 1);
        insert(65535, 2);
        assertThat(id(buffer.next())).isEqualTo(1);
        assertThat(id(buffer.next())).isEqualTo(2);
        insert(0, 3);
        insert(1, 4);
        insert(65535, 2); // a duplicate after the wrap
        insert(65533, 9); // never seen, older than the playout point
        assertThat(id(buffer.next())).isEqualTo(3);
        assertThat(counters.snapshot().duplicates()).isEqualTo(1);
        assertThat(counters.snapshot().late()).isEqualTo(1);
    }

    @Test
    void aSingleWildSequenceNumberIsDroppedButAConfirmedJumpRestarts() {
        insert(100, 1);
        insert(101, 2);
        assertThat(id(buffer.next())).isEqualTo(1);
        insert(40_000, 99); // one stray: not believed
        insert(102, 3);
        assertThat(id(buffer.next())).isEqualTo(2);
        assertThat(id(buffer.next())).isEqualTo(3);
        assertThat(counters.snapshot().late()).isEqualTo(1);

        insert(20_000, 4); // the sender restarted its numbering: confirmed by the next packet
        insert(20_001, 5);
        insert(20_002, 6);
        assertThat(id(buffer.next())).isEqualTo(5);
        assertThat(id(buffer.next())).isEqualTo(6);
        assertThat(counters.snapshot().late()).isEqualTo(2);
        assertThat(counters.snapshot().lost()).isZero();
    }
}
