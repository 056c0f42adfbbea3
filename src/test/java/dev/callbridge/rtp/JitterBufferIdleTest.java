package dev.callbridge.rtp;

import static dev.callbridge.rtp.JitterBufferOrderTest.frame;
import static dev.callbridge.rtp.JitterBufferOrderTest.id;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When the stream stops, a few frames of silence and then nothing, until packets come again. */
class JitterBufferIdleTest {
    final RtpCounters counters = new RtpCounters();
    final JitterBuffer buffer = new JitterBuffer(RtpFormat.PCMU, 2, 10, 5, counters);

    private void play(int from, int to) {
        for (int seq = from; seq <= to; seq++) buffer.insert(1, seq, frame(seq));
        for (int seq = from; seq <= to; seq++) assertThat(id(buffer.next())).isEqualTo(seq);
    }

    @Test
    void afterTheLastPacketFiveSilentTicksThenIdle() {
        play(1, 3);
        for (int i = 0; i < 5; i++) assertThat(id(buffer.next())).as("silent tick %d", i).isEqualTo(-1);
        assertThat(buffer.active()).isTrue();
        assertThat(buffer.next()).isNull();
        assertThat(buffer.active()).isFalse();
        for (int i = 0; i < 100; i++) assertThat(buffer.next()).isNull();
        assertThat(counters.snapshot().lost()).as("a stream that stopped lost nothing").isZero();
    }

    @Test
    void resumesAfterIdleWithoutCountingThePauseAsLoss() {
        play(1, 3);
        for (int i = 0; i < 6; i++) buffer.next();
        assertThat(buffer.active()).isFalse();

        buffer.insert(1, 4, frame(4)); // the sender paused; its numbering goes on from where it stopped
        assertThat(buffer.active()).isTrue();
        buffer.insert(1, 5, frame(5));
        assertThat(id(buffer.next())).isEqualTo(4);
        assertThat(id(buffer.next())).isEqualTo(5);
        buffer.insert(1, 2, frame(2)); // a straggler from before the pause
        assertThat(counters.snapshot().lost()).isZero();
        assertThat(counters.snapshot().late() + counters.snapshot().duplicates()).isEqualTo(1);
    }

    @Test
    void numbersSkippedAcrossAPauseAreLost() {
        play(1, 3);
        for (int i = 0; i < 6; i++) buffer.next();
        buffer.insert(1, 10, frame(10)); // 4..9 were sent and never came
        buffer.insert(1, 11, frame(11));
        assertThat(id(buffer.next())).isEqualTo(10);
        assertThat(counters.snapshot().lost()).isEqualTo(6);
    }

    @Test
    void aShortUnderrunThatTheStreamSurvivesIsLoss() {
        play(1, 3);
        assertThat(id(buffer.next())).isEqualTo(-1); // 4 not there yet
        assertThat(id(buffer.next())).isEqualTo(-1); // 5 not there yet
        buffer.insert(1, 6, frame(6));
        assertThat(id(buffer.next())).isEqualTo(6);
        assertThat(counters.snapshot().lost()).isEqualTo(2);
    }

    @Test
    void withZeroIdleTicksItGoesIdleAsSoonAsItRunsDry() {
        JitterBuffer eager = new JitterBuffer(RtpFormat.PCMU, 1, 10, 0, counters);
        eager.insert(1, 1, frame(1));
        assertThat(id(eager.next())).isEqualTo(1);
        assertThat(eager.next()).isNull();
        assertThat(eager.active()).isFalse();
    }
}
