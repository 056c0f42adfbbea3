package dev.callbridge.agent.interpreter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** With no interpretation playing the other party's voice goes on alone, at the ducked level, sample for sample. */
class DuckedMixDucksTheOriginalAloneTest {
    private static final AudioFormat L16 = AudioFormat.L16_8K;

    @Test
    void theOriginalAloneIsTheOriginalTimesTheDuckingGain() {
        try (MixRig rig = new MixRig(L16)) {
            AudioChunk original = Signals.tone(L16, 1000, 20000, 0, 200);
            rig.onContext(() -> rig.mix.original(original));
            rig.awaitUntil(() -> rig.leg.frameCount() == 10);

            short[] in = Signals.samples(original);
            List<RecordingLeg.Event> frames = rig.leg.frames();
            short[] out = new short[in.length];
            for (int i = 0; i < frames.size(); i++) {
                short[] frame = Signals.samples(frames.get(i).chunk());
                assertThat(frame).hasSize(160);
                System.arraycopy(frame, 0, out, i * 160, 160);
            }
            for (int i = 0; i < in.length; i++) {
                assertThat(out[i]).as("sample %d", i).isEqualTo((short) ((in[i] * DuckedMix.DUCK_Q15) >> 15));
            }
            assertThat(Signals.decibels(Signals.amplitudeAt(out, 1000, 8000) / 20000)).isCloseTo(-15.0, within(0.1));
            assertThat(rig.leg.tags()).isEmpty();
        }
    }
}
