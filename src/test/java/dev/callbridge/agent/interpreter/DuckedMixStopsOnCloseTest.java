package dev.callbridge.agent.interpreter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.audio.AudioFormat;
import org.junit.jupiter.api.Test;

/** Once the call is over nothing more is played: the timer stops, and closing twice is harmless. */
class DuckedMixStopsOnCloseTest {
    private static final AudioFormat PCMU = AudioFormat.PCMU_8K;

    @Test
    void closeStopsTheMixerForGood() {
        try (MixRig rig = new MixRig(PCMU)) {
            rig.onContext(() -> rig.mix.play(Signals.tone(PCMU, 400, 8000, 0, 2000), "end"));
            rig.awaitUntil(() -> rig.leg.frameCount() >= 5);
            int sent = rig.on(() -> {
                rig.mix.close();
                rig.mix.close();
                return rig.leg.frameCount();
            });
            assertThat(rig.on(rig.mix::running)).isFalse();
            rig.onContext(() -> {
                rig.mix.play(Signals.tone(PCMU, 400, 8000, 0, 200), "after");
                rig.mix.original(Signals.tone(PCMU, 1000, 8000, 0, 200));
            });
            MixRig.sleep(200);
            assertThat(rig.leg.frameCount()).isEqualTo(sent);
            assertThat(rig.leg.tags()).isEmpty();
            assertThat(rig.on(rig.mix::running)).isFalse();
        }
    }
}
