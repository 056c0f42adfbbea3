package dev.callbridge.rtp;

import static dev.callbridge.rtp.JitterBufferOrderTest.frame;
import static dev.callbridge.rtp.JitterBufferOrderTest.id;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A packet alone is still played after the target delay; and a sender that pauses goes on with
 * the next sequence number (RFC 3550), which resumes the stream rather than counting as late.
 */
class JitterBufferLonePacketTest {
    final RtpCounters counters = new RtpCounters();
    final JitterBuffer buffer = new JitterBuffer(RtpFormat.PCMU, 2, 10, 5, counters);

    @Test
    void aSinglePacketIsPlayedOnceTheTargetDelayHasPassed() {
        buffer.insert(1, 100, frame(100));
        assertThat(buffer.next()).isNull(); // one tick of the 40 ms delay
        assertThat(id(buffer.next())).isEqualTo(100);
        assertThat(counters.snapshot().lost()).isZero();
    }

    @Test
    void aSenderThatPausedResumesWithTheNextNumberAndNothingIsLost() {
        buffer.insert(1, 1, frame(1));
        buffer.insert(1, 2, frame(2));
        assertThat(id(buffer.next())).isEqualTo(1);
        assertThat(id(buffer.next())).isEqualTo(2);
        assertThat(id(buffer.next())).isEqualTo(-1); // dry: a tick of silence
        assertThat(id(buffer.next())).isEqualTo(-1);
        buffer.insert(1, 3, frame(3)); // the pause ends; the sequence goes on
        buffer.insert(1, 4, frame(4));
        assertThat(id(buffer.next())).isEqualTo(3);
        assertThat(id(buffer.next())).isEqualTo(4);
        assertThat(counters.snapshot().lost()).isZero();
        assertThat(counters.snapshot().late()).isZero();
    }

    @Test
    void aSinglePacketAfterIdleIsPlayedToo() {
        buffer.insert(1, 1, frame(1));
        buffer.insert(1, 2, frame(2));
        assertThat(id(buffer.next())).isEqualTo(1);
        assertThat(id(buffer.next())).isEqualTo(2);
        for (int i = 0; i < 6; i++) buffer.next();
        assertThat(buffer.active()).isFalse();
        buffer.insert(1, 3, frame(3));
        byte[] first = buffer.next();
        byte[] second = first == null ? buffer.next() : first;
        assertThat(id(second)).isEqualTo(3);
    }
}
