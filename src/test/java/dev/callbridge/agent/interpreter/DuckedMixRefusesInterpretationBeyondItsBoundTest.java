package dev.callbridge.agent.interpreter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import org.junit.jupiter.api.Test;

/**
 * Interpretation is never dropped to make room, but its queue is bounded: past two minutes the
 * newest chunk is refused and counted, its tag never comes back, and what was queued plays on.
 */
class DuckedMixRefusesInterpretationBeyondItsBoundTest {
    private static final AudioFormat PCMU = AudioFormat.PCMU_8K;

    @Test
    void pastTheBoundTheNewestIsRefused() {
        try (MixRig rig = new MixRig(PCMU)) {
            int bound = PCMU.bytesFor(DuckedMix.INTERPRETATION_MILLIS);
            rig.onContext(() -> {
                rig.mix.play(new AudioChunk(PCMU, new byte[bound - 160]), "nearly full");
                // The lead's three frames (480 bytes) left at once: 640 bytes of room, and this is 800.
                rig.mix.play(new AudioChunk(PCMU, new byte[160 * 5]), "over");
            });
            assertThat(rig.on(rig.mix::refusedChunks)).isEqualTo(1L);
            // What is queued plays on, and what fits is still taken.
            rig.onContext(() -> rig.mix.play(new AudioChunk(PCMU, new byte[160 * 3]), "fits"));
            assertThat(rig.on(rig.mix::refusedChunks)).isEqualTo(1L);

            rig.onContext(rig.mix::clear);
            rig.onContext(() -> rig.mix.play(new AudioChunk(PCMU, new byte[160]), "after clear"));
            rig.awaitUntil(() -> rig.leg.tags().contains("after clear"));
            assertThat(rig.leg.tags()).containsExactly("after clear");
        }
    }
}
