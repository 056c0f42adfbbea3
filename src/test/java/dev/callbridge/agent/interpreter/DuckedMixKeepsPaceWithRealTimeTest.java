package dev.callbridge.agent.interpreter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.audio.AudioFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A leg plays at real time, so the mixer hands it one 20 ms frame per 20 ms, a few frames ahead:
 * 1.2 s of interpretation given at once goes out over about 1.14 s, never far ahead of playout,
 * from the call's own event loop.
 */
class DuckedMixKeepsPaceWithRealTimeTest {
    private static final AudioFormat PCMU = AudioFormat.PCMU_8K;
    private static final long MS = 1_000_000L;

    @Test
    void framesGoOutAtRealTimeAFewFramesAhead() {
        try (MixRig rig = new MixRig(PCMU)) {
            Thread callThread = rig.on(Thread::currentThread);
            rig.onContext(() -> rig.mix.play(Signals.tone(PCMU, 400, 8000, 0, 1200), "end"));
            rig.awaitUntil(() -> rig.leg.tags().contains("end"));

            List<RecordingLeg.Event> frames = rig.leg.frames();
            assertThat(frames).hasSize(60);
            long t0 = frames.get(0).nanos();
            for (int k = 0; k < frames.size(); k++) {
                RecordingLeg.Event frame = frames.get(k);
                assertThat(frame.thread()).as("frame %d on the call's thread", k).isSameAs(callThread);
                // Frame k starts playing at t0 + k·20 ms at the earliest: it never goes out more
                // than the lead (plus the one frame a tick may add) before that.
                long ahead = t0 + k * 20 * MS - frame.nanos();
                assertThat(ahead).as("frame %d ahead of its playout", k).isLessThanOrEqualTo((DuckedMix.LEAD_FRAMES + 1) * 20 * MS);
            }
            long span = frames.get(59).nanos() - t0;
            // The first three went at once, then one per 20 ms: 57 × 20 ms = 1140 ms. Late timers
            // are caught up from elapsed time, so only the last tick's lateness shows.
            assertThat(span).isBetween(1080 * MS, 1400 * MS);
        }
    }
}
