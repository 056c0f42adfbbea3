package dev.callbridge.agent.interpreter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.audio.AudioFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** With nothing to mix the timer stops and no silence is streamed; the next audio starts again with a lead. */
class DuckedMixSendsNothingWhenIdleTest {
    private static final AudioFormat PCMU = AudioFormat.PCMU_8K;

    @Test
    void idleMeansNoFramesAndNoTimer() {
        try (MixRig rig = new MixRig(PCMU)) {
            rig.onContext(() -> rig.mix.play(Signals.tone(PCMU, 400, 8000, 0, 100), null));
            rig.awaitUntil(() -> rig.leg.frameCount() == 5);
            rig.awaitUntil(() -> !rig.on(rig.mix::running));
            MixRig.sleep(200);
            assertThat(rig.leg.frameCount()).isEqualTo(5);

            rig.onContext(() -> rig.mix.play(Signals.tone(PCMU, 400, 8000, 0, 100), null));
            rig.awaitUntil(() -> rig.leg.frameCount() == 10);
            List<RecordingLeg.Event> frames = rig.leg.frames();
            // The lead again: the first three frames of the new audio went out together.
            assertThat(frames.get(7).nanos() - frames.get(5).nanos()).isLessThan(5_000_000L);
            assertThat(frames.get(9).nanos() - frames.get(5).nanos()).isGreaterThan(30_000_000L);
        }
    }

    @Test
    void theOriginalAloneWaitsForALeadBeforeStarting() {
        try (MixRig rig = new MixRig(PCMU)) {
            rig.onContext(() -> rig.mix.original(Signals.tone(PCMU, 1000, 8000, 0, 40)));
            MixRig.sleep(100);
            assertThat(rig.leg.frameCount()).as("40 ms is not yet a lead").isZero();
            assertThat(rig.on(rig.mix::running)).isFalse();

            rig.onContext(() -> rig.mix.original(Signals.tone(PCMU, 1000, 8000, 320, 20)));
            assertThat(rig.leg.frameCount()).as("60 ms is: all three at once").isEqualTo(3);
        }
    }
}
