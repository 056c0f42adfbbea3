package dev.callbridge.agent.interpreter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A tag goes to the leg with the frame holding its chunk's last byte, so the leg's {@code onHeard}
 * stays exact: several tags ending in one frame follow it in order as empty tagged chunks, and an
 * empty tagged chunk marks the end of what was queued before it.
 */
class DuckedMixReturnsTagsAfterTheirFramesTest {
    private static final AudioFormat PCMU = AudioFormat.PCMU_8K;

    @Test
    void tagsComeBackWithTheFrameThatEndsTheirChunk() {
        try (MixRig rig = new MixRig(PCMU)) {
            rig.onContext(() -> {
                rig.mix.play(new AudioChunk(PCMU, filled(100)), "a"); // ends at byte 100: frame 0
                rig.mix.play(new AudioChunk(PCMU, filled(60)), "b"); // ends at 160, frame 0's last byte
                rig.mix.play(new AudioChunk(PCMU, new byte[0]), "c"); // marks the end of b: frame 0
                rig.mix.play(new AudioChunk(PCMU, filled(10)), "d"); // 170: frame 1
                rig.mix.play(new AudioChunk(PCMU, filled(5)), "e"); // 175: frame 1
                rig.mix.play(new AudioChunk(PCMU, filled(5)), null); // 180, untagged
                rig.mix.play(new AudioChunk(PCMU, filled(5)), "f"); // 185: frame 1
                rig.mix.play(new AudioChunk(PCMU, filled(295)), "g"); // 480: frame 2's last byte
                rig.mix.play(new AudioChunk(PCMU, filled(400)), "h"); // 880: frame 5, padded
                rig.mix.play(new AudioChunk(PCMU, new byte[0]), "i"); // marks the end of h: frame 5
            });
            rig.awaitUntil(() -> rig.leg.tags().contains("i"));
            // Nothing is queued any more: a marker now goes straight to the leg, after everything sent.
            rig.onContext(() -> rig.mix.play(new AudioChunk(PCMU, new byte[0]), "j"));
            rig.awaitUntil(() -> rig.leg.tags().contains("j"));

            assertThat(describe(rig.leg.events())).containsExactly(
                    "frame:a", "mark:b", "mark:c",
                    "frame:d", "mark:e", "mark:f",
                    "frame:g",
                    "frame", "frame",
                    "frame:h", "mark:i",
                    "mark:j");
            // Frame 5 holds h's last 80 bytes, then silence.
            byte[] last = rig.leg.frames().get(5).chunk().data();
            assertThat(last).hasSize(160);
            assertThat(last[79]).isEqualTo((byte) 0x11);
            assertThat(last[80]).isEqualTo(PCMU.encoding().silenceByte());
        }
    }

    private static byte[] filled(int n) {
        byte[] audio = new byte[n];
        java.util.Arrays.fill(audio, (byte) 0x11);
        return audio;
    }

    private static List<String> describe(List<RecordingLeg.Event> events) {
        List<String> out = new ArrayList<>();
        for (RecordingLeg.Event e : events) {
            String kind = e.isClear() ? "clear" : e.isFrame() ? "frame" : "mark";
            out.add(e.tag() == null ? kind : kind + ":" + e.tag());
        }
        return out;
    }
}
