package dev.callbridge.rtp;

import static dev.callbridge.rtp.JitterBufferOrderTest.frame;
import static dev.callbridge.rtp.JitterBufferOrderTest.id;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A new SSRC is a new stream: its sequence numbers are not compared with the old one's. */
class JitterBufferSourceChangeTest {
    final RtpCounters counters = new RtpCounters();
    final JitterBuffer buffer = new JitterBuffer(RtpFormat.PCMU, counters);

    @Test
    void aNewSourceWithLowerNumbersIsPlayedNotDroppedAsLate() {
        buffer.insert(0xA, 5000, frame(1));
        buffer.insert(0xA, 5001, frame(2));
        assertThat(id(buffer.next())).isEqualTo(1);
        assertThat(id(buffer.next())).isEqualTo(2);

        buffer.insert(0xB, 12, frame(3));
        assertThat(buffer.next()).as("the new stream fills up again first").isNull();
        buffer.insert(0xB, 13, frame(4));
        assertThat(id(buffer.next())).isEqualTo(3);
        assertThat(id(buffer.next())).isEqualTo(4);
        assertThat(counters.snapshot().late()).isZero();
        assertThat(counters.snapshot().lost()).isZero();
    }

    @Test
    void aNewSourceFarAheadDoesNotConcealTheGap() {
        buffer.insert(0xA, 10, frame(1));
        buffer.insert(0xA, 11, frame(2));
        assertThat(id(buffer.next())).isEqualTo(1);
        buffer.insert(0xB, 30_000, frame(3));
        buffer.insert(0xB, 30_001, frame(4));
        assertThat(id(buffer.next())).as("what was held of the old stream is dropped").isEqualTo(3);
        assertThat(id(buffer.next())).isEqualTo(4);
        assertThat(counters.snapshot().lost()).isZero();
        assertThat(counters.snapshot().late()).isZero();
    }
}
