package dev.callbridge.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FrameScheduleTest {
    private static final long MS = 1_000_000L;
    private final FrameSchedule schedule = FrameSchedule.twilio(1_000 * MS);

    @Test
    void framesAreDueAtStartPlusIndexTimesTwentyMilliseconds() {
        assertThat(schedule.dueNanos(0)).isEqualTo(1_000 * MS);
        assertThat(schedule.dueNanos(1)).isEqualTo(1_020 * MS);
        assertThat(schedule.dueNanos(50)).isEqualTo(2_000 * MS);
    }

    @Test
    void framesDueCountsEveryFrameWhoseTimeHasCome() {
        assertThat(schedule.framesDueBy(999 * MS)).isZero();
        assertThat(schedule.framesDueBy(1_000 * MS)).isEqualTo(1);
        assertThat(schedule.framesDueBy(1_019 * MS)).isEqualTo(1);
        assertThat(schedule.framesDueBy(1_020 * MS)).isEqualTo(2);
    }

    @Test
    void aLateTickCatchesUpInsteadOfShiftingLaterFrames() {
        // A tick 70 ms late owes 4 frames; the next frame is still due on the original grid.
        assertThat(schedule.framesDueBy(1_070 * MS)).isEqualTo(4);
        assertThat(schedule.dueNanos(4)).isEqualTo(1_080 * MS);
    }

    @Test
    void timestampOfTheNthFrameIsTwentyTimesNMinusOne() {
        assertThat(schedule.timestampMillis(1)).isZero();
        assertThat(schedule.timestampMillis(2)).isEqualTo(20);
        assertThat(schedule.timestampMillis(151)).isEqualTo(3_000);
    }

    @Test
    void spreadPlacesEventsEvenlyAwayFromTheEnds() {
        assertThat(FrameSchedule.spread(3, 200)).containsExactly(50, 100, 150);
        assertThat(FrameSchedule.spread(1, 10)).containsExactly(5);
        assertThat(FrameSchedule.spread(0, 10)).isEmpty();
    }
}
