package dev.callbridge.agent.interpreter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.audio.AudioFormat;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * How many frames go out is reckoned from elapsed time, not from how many ticks fired: a late tick
 * sends what real time requires, a clock standing still sends nothing beyond the lead, and after a
 * stall long enough for the leg to run dry only the lead is rebuilt, not the whole backlog.
 */
class DuckedMixFollowsElapsedTimeNotTicksTest {
    private static final AudioFormat PCMU = AudioFormat.PCMU_8K;
    private static final long MS = 1_000_000L;

    @Test
    void framesFollowTheClock() {
        AtomicLong clock = new AtomicLong(1_000 * MS);
        try (MixRig rig = new MixRig(PCMU, clock::get)) {
            rig.onContext(() -> rig.mix.play(Signals.tone(PCMU, 400, 8000, 0, 2000), null));
            MixRig.sleep(100); // some five ticks, but no time has passed on the clock
            assertThat(rig.leg.frameCount()).as("the lead only").isEqualTo(3);

            // A tick 50 ms late: the leg has 10 ms left, so two frames top it up to 50 ms (a third
            // would take it past the lead by more than half a frame).
            clock.addAndGet(50 * MS);
            rig.awaitUntil(() -> rig.leg.frameCount() >= 5);
            MixRig.sleep(100);
            assertThat(rig.leg.frameCount()).isEqualTo(5);

            clock.addAndGet(500 * MS); // a long stall: the leg ran dry long ago
            rig.awaitUntil(() -> rig.leg.frameCount() >= 8);
            MixRig.sleep(100);
            assertThat(rig.leg.frameCount()).as("the lead rebuilt, not 25 frames of backlog").isEqualTo(8);
        }
    }
}
