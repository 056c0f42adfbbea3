package dev.callbridge.agent.interpreter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.audio.AudioFormat;
import org.junit.jupiter.api.Test;

/**
 * The original is live ambience: when two seconds of it arrive at once only the newest 200 ms are
 * kept and played, instead of the listener hearing the other party ever later.
 */
class DuckedMixKeepsOnlyTheNewestOriginalTest {
    private static final AudioFormat L16 = AudioFormat.L16_8K;

    @Test
    void twoSecondsAtOnceLeaveTheNewestTwoHundredMilliseconds() {
        try (MixRig rig = new MixRig(L16)) {
            // One chunk: 1.8 s at one level, then 200 ms at another.
            short[] samples = new short[16000];
            java.util.Arrays.fill(samples, 0, 14400, (short) 1000);
            java.util.Arrays.fill(samples, 14400, 16000, (short) 20000);
            rig.onContext(() -> rig.mix.original(Signals.encode(L16, samples)));
            rig.awaitUntil(() -> !rig.on(rig.mix::running));
            MixRig.sleep(100);

            assertThat(rig.leg.frameCount()).isEqualTo(DuckedMix.ORIGINAL_MILLIS / DuckedMix.FRAME_MILLIS);
            short expected = (short) ((20000 * DuckedMix.DUCK_Q15) >> 15);
            for (RecordingLeg.Event frame : rig.leg.frames()) {
                assertThat(Signals.samples(frame.chunk())).containsOnly(expected);
            }
            assertThat(rig.on(rig.mix::droppedOriginalMillis)).isEqualTo(1800L);
        }
    }
}
