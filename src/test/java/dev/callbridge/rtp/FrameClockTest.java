package dev.callbridge.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Deadlines come from t0 and the slot number, and timer delays round up so a slot is never processed early. */
class FrameClockTest {
    private static final long MS = 1_000_000;
    private final FrameClock clock = new FrameClock(1_000 * MS);

    @Test
    void slotNIsDueNTimes20msAfterT0() {
        assertThat(clock.due(0)).isEqualTo(1_000 * MS);
        assertThat(clock.due(50)).isEqualTo(2_000 * MS);
        assertThat(clock.due(90_000)).as("an hour later, exactly").isEqualTo(1_000 * MS + 1_800_000 * MS);
    }

    @Test
    void theFirstSlotFromAnInstantIsDueAtOrAfterIt() {
        assertThat(clock.firstSlotFrom(500 * MS)).isZero();
        assertThat(clock.firstSlotFrom(1_000 * MS)).isZero();
        assertThat(clock.firstSlotFrom(1_000 * MS + 1)).isEqualTo(1);
        assertThat(clock.firstSlotFrom(1_040 * MS)).isEqualTo(2);
        assertThat(clock.firstSlotFrom(1_041 * MS)).isEqualTo(3);
    }

    @Test
    void delaysRoundUpToWholeMillisecondsAndAreAtLeastOne() {
        assertThat(clock.delayMillis(1, 1_000 * MS)).isEqualTo(20);
        assertThat(clock.delayMillis(1, 1_000 * MS + 1)).isEqualTo(20);
        assertThat(clock.delayMillis(1, 1_000 * MS + MS / 2)).isEqualTo(20);
        assertThat(clock.delayMillis(1, 1_019 * MS + 1)).isEqualTo(1);
        assertThat(clock.delayMillis(1, 1_030 * MS)).as("already due").isEqualTo(1);
    }
}
