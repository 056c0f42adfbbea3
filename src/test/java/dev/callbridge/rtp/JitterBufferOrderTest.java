package dev.callbridge.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Frames come out one per tick in sequence order, after the target depth; reordering is undone, duplicates and late packets dropped. */
class JitterBufferOrderTest {
    static final long SSRC = 7;
    final RtpCounters counters = new RtpCounters();
    final JitterBuffer buffer = new JitterBuffer(RtpFormat.PCMU, counters);

    static byte[] frame(int n) {
        byte[] f = new byte[160];
        Arrays.fill(f, (byte) n);
        return f;
    }

    /** The fill byte of the frame, or -1 for μ-law silence. */
    static int id(byte[] frame) {
        assertThat(frame).hasSize(160);
        return frame[0] == (byte) 0xFF ? -1 : frame[0];
    }

    void insert(int seq) {
        buffer.insert(SSRC, seq, frame(seq));
    }

    @Test
    void holdsTwoPacketsThenPlaysOnePerTickInOrder() {
        insert(1);
        assertThat(buffer.next()).as("one packet is below the target depth").isNull();
        insert(2);
        assertThat(id(buffer.next())).isEqualTo(1);
        for (int seq = 3; seq <= 20; seq++) {
            insert(seq);
            assertThat(id(buffer.next())).isEqualTo(seq - 1);
        }
        assertThat(buffer.depth()).isEqualTo(1);
        assertThat(counters.snapshot()).isEqualTo(new RtpCounters().snapshot());
    }

    @Test
    void putsReorderedPacketsBackInOrder() {
        insert(1);
        insert(3);
        assertThat(id(buffer.next())).isEqualTo(1);
        insert(2);
        insert(5);
        insert(4);
        assertThat(id(buffer.next())).isEqualTo(2);
        assertThat(id(buffer.next())).isEqualTo(3);
        assertThat(id(buffer.next())).isEqualTo(4);
        assertThat(id(buffer.next())).isEqualTo(5);
        assertThat(counters.snapshot().reordered()).isEqualTo(2);
        assertThat(counters.snapshot().lost()).isZero();
    }

    @Test
    void aPacketReorderedBeforePlayoutStartsIsPlayedFirst() {
        insert(11);
        insert(10);
        assertThat(id(buffer.next())).isEqualTo(10);
        assertThat(id(buffer.next())).isEqualTo(11);
        assertThat(counters.snapshot().reordered()).isEqualTo(1);
    }

    @Test
    void dropsDuplicatesWhetherStillHeldOrAlreadyPlayed() {
        insert(1);
        insert(2);
        insert(2);
        assertThat(id(buffer.next())).isEqualTo(1);
        insert(1);
        insert(3);
        assertThat(id(buffer.next())).isEqualTo(2);
        assertThat(id(buffer.next())).isEqualTo(3);
        assertThat(counters.snapshot().duplicates()).isEqualTo(2);
        assertThat(counters.snapshot().late()).isZero();
    }

    @Test
    void dropsAPacketThatArrivesAfterItsTurn() {
        insert(1);
        insert(2);
        insert(4);
        assertThat(id(buffer.next())).isEqualTo(1);
        assertThat(id(buffer.next())).isEqualTo(2);
        assertThat(id(buffer.next())).as("3 is missing while 4 waits").isEqualTo(-1);
        insert(3);
        assertThat(id(buffer.next())).isEqualTo(4);
        assertThat(counters.snapshot().late()).isEqualTo(1);
        assertThat(counters.snapshot().lost()).isEqualTo(1);
        assertThat(counters.snapshot().duplicates()).isZero();
    }
}
