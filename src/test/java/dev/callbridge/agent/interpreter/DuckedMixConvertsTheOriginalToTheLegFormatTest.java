package dev.callbridge.agent.interpreter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.callbridge.audio.AudioFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The other party is on Asterisk (slin16: L16 at 16 kHz), the listener on Twilio (μ-law 8 kHz). */
class DuckedMixConvertsTheOriginalToTheLegFormatTest {
    private static final int LEVEL = 10000;

    @Test
    void sixteenKilohertzLinearIsHeardAsEightKilohertzMuLaw() {
        try (MixRig rig = new MixRig(AudioFormat.PCMU_8K)) {
            rig.onContext(() -> {
                rig.mix.original(Signals.tone(AudioFormat.L16_16K, 1000, LEVEL, 0, 100));
                rig.mix.original(Signals.tone(AudioFormat.L16_16K, 1000, LEVEL, 1600, 100));
            });
            rig.awaitUntil(() -> !rig.on(rig.mix::running));

            List<RecordingLeg.Event> frames = rig.leg.frames();
            assertThat(frames).hasSize(10);
            for (int i = 0; i < frames.size(); i++) {
                assertThat(frames.get(i).chunk().format()).isEqualTo(AudioFormat.PCMU_8K);
                assertThat(frames.get(i).chunk().data()).hasSize(160);
                if (i == 0) continue; // the resampler's filter is filling in the first couple of milliseconds
                short[] samples = Signals.samples(frames.get(i).chunk());
                assertThat(Signals.decibels(Signals.amplitudeAt(samples, 1000, 8000) / LEVEL))
                        .as("frame %d", i)
                        .isCloseTo(DuckedMix.DUCK_DB, within(1.0));
                assertThat(Signals.amplitudeAt(samples, 3000, 8000)).as("nothing else in frame %d", i).isLessThan(LEVEL / 300.0);
            }
        }
    }
}
