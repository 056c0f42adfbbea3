package dev.callbridge.agent.interpreter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Interpretation arrives in chunks of any size. A frame's worth not yet complete is held for one
 * tick, so the chunk that completes it follows without a gap of silence; if nothing comes, it goes
 * out padded, since it may be the end of what was said.
 */
class DuckedMixHoldsAPartialFrameForTheNextChunkTest {
    private static final AudioFormat PCMU = AudioFormat.PCMU_8K;
    private static final byte SILENCE = PCMU.encoding().silenceByte();

    @Test
    void theNextChunkCompletesTheFrame() {
        try (MixRig rig = new MixRig(PCMU)) {
            rig.onContext(() -> {
                rig.mix.play(chunk(100, (byte) 0x11), null); // starts the mixer with less than a frame
                rig.mix.play(chunk(220, (byte) 0x22), "end");
            });
            rig.awaitUntil(() -> rig.leg.tags().contains("end"));

            List<RecordingLeg.Event> frames = rig.leg.frames();
            assertThat(frames).hasSize(2);
            byte[] first = frames.get(0).chunk().data();
            assertThat(Arrays.copyOfRange(first, 0, 100)).containsOnly((byte) 0x11);
            assertThat(Arrays.copyOfRange(first, 100, 160)).as("no silence between the chunks").containsOnly((byte) 0x22);
            byte[] second = frames.get(1).chunk().data();
            assertThat(Arrays.copyOfRange(second, 0, 160)).containsOnly((byte) 0x22);
        }
    }

    @Test
    void aPartialFrameThatIsNotCompletedGoesOutPadded() {
        try (MixRig rig = new MixRig(PCMU)) {
            rig.onContext(() -> rig.mix.play(chunk(160 * 5 + 40, (byte) 0x11), "end"));
            rig.awaitUntil(() -> rig.leg.tags().contains("end"));

            List<RecordingLeg.Event> frames = rig.leg.frames();
            assertThat(frames).hasSize(6);
            byte[] last = frames.get(5).chunk().data();
            assertThat(Arrays.copyOfRange(last, 0, 40)).containsOnly((byte) 0x11);
            assertThat(Arrays.copyOfRange(last, 40, 160)).containsOnly(SILENCE);
            assertThat(frames.get(5).tag()).isEqualTo("end");
        }
    }

    private static AudioChunk chunk(int bytes, byte value) {
        byte[] audio = new byte[bytes];
        Arrays.fill(audio, value);
        return new AudioChunk(PCMU, audio);
    }
}
