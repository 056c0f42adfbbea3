package dev.callbridge.agent.interpreter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.callbridge.audio.AudioFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A Twilio listener (μ-law 8 kHz) hears a 400 Hz "interpretation" at its own level with the other
 * party's 1 kHz "voice" 15 dB under it, measured per frame by the strength of each tone.
 */
class DuckedMixPlaysTheInterpretationOverTheDuckedOriginalTest {
    private static final AudioFormat PCMU = AudioFormat.PCMU_8K;
    private static final int LEVEL = 8000;

    @Test
    void theInterpretationIsAtFullLevelAndTheOriginalFifteenDecibelsUnderIt() {
        try (MixRig rig = new MixRig(PCMU)) {
            rig.onContext(() -> {
                rig.mix.play(Signals.tone(PCMU, 400, LEVEL, 0, 400), "end");
                rig.mix.original(Signals.tone(PCMU, 1000, LEVEL, 0, 200));
            });
            rig.awaitUntil(() -> rig.leg.tags().contains("end"));

            List<RecordingLeg.Event> frames = rig.leg.frames();
            assertThat(frames).hasSize(20);
            // The interpretation came first: the lead's three frames went out before the original
            // arrived; the original's 10 frames are under the next ten, then the interpretation is alone.
            for (int i = 0; i < frames.size(); i++) {
                short[] samples = Signals.samples(frames.get(i).chunk());
                double interpretation = Signals.amplitudeAt(samples, 400, 8000);
                double original = Signals.amplitudeAt(samples, 1000, 8000);
                assertThat(Signals.decibels(interpretation / LEVEL)).as("interpretation in frame %d", i).isCloseTo(0.0, within(0.5));
                if (i >= 3 && i < 13) {
                    assertThat(Signals.decibels(original / LEVEL)).as("original in frame %d", i).isCloseTo(DuckedMix.DUCK_DB, within(1.0));
                } else {
                    assertThat(Signals.decibels(original / LEVEL)).as("original in frame %d", i).isLessThan(-35);
                }
            }
        }
    }
}
