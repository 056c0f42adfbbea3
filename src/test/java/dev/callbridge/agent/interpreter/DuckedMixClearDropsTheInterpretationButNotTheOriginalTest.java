package dev.callbridge.agent.interpreter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.callbridge.audio.AudioFormat;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Barge-in: {@code clear()} drops the interpretation not yet heard, and clears the leg; the tags of
 * the dropped pieces never come back, and the other party's voice, arriving live, goes on ducked.
 */
class DuckedMixClearDropsTheInterpretationButNotTheOriginalTest {
    private static final AudioFormat PCMU = AudioFormat.PCMU_8K;
    private static final int LEVEL = 8000;

    @Test
    void afterClearOnlyTheOriginalIsHeard() {
        try (MixRig rig = new MixRig(PCMU)) {
            // The other party speaks live: 20 ms every 20 ms, one unbroken 1 kHz tone.
            int[] fed = {0};
            long feeder = rig.on(() -> rig.vertx.setPeriodic(20, id -> {
                rig.mix.original(Signals.tone(PCMU, 1000, LEVEL, fed[0] * 160, 20));
                fed[0]++;
            }));
            rig.awaitUntil(() -> rig.leg.frameCount() >= 5);
            rig.onContext(() -> {
                for (int piece = 0; piece < 10; piece++) {
                    rig.mix.play(Signals.tone(PCMU, 400, LEVEL, piece * 1600, 200), "piece " + piece);
                }
            });
            rig.awaitUntil(() -> rig.leg.tags().contains("piece 1"));
            int clearedAt = rig.on(() -> {
                rig.mix.clear();
                return rig.leg.events().size();
            });
            MixRig.sleep(600);
            rig.onContext(() -> rig.vertx.cancelTimer(feeder));

            List<RecordingLeg.Event> events = rig.leg.events();
            assertThat(events.get(clearedAt - 1).isClear()).as("the leg was cleared").isTrue();
            List<Object> heard = rig.leg.tags();
            assertThat(heard).as("tags form a prefix, and the dropped pieces' never come").hasSizeBetween(2, 3);
            for (int i = 0; i < heard.size(); i++) assertThat(heard.get(i)).isEqualTo("piece " + i);

            List<short[]> after = new ArrayList<>();
            for (RecordingLeg.Event e : events.subList(clearedAt, events.size())) {
                assertThat(e.tag()).as("nothing tagged after the clear").isNull();
                after.add(Signals.samples(e.chunk()));
            }
            assertThat(after.size()).as("the original goes on: ~30 frames in 600 ms").isGreaterThan(20);
            int ducked = 0;
            for (short[] frame : after) {
                assertThat(Signals.amplitudeAt(frame, 400, 8000)).as("no interpretation after the clear").isLessThan(LEVEL / 100.0);
                double original = Signals.decibels(Signals.amplitudeAt(frame, 1000, 8000) / LEVEL);
                if (Math.abs(original - DuckedMix.DUCK_DB) < 1.0) ducked++;
            }
            // Live audio and the mixer's ticks are not in lock-step: a frame may now and then catch
            // only part of a 20 ms chunk, but the original is heard, ducked, throughout.
            assertThat(ducked).isGreaterThan(after.size() * 3 / 4);
            assertThat(Signals.decibels(Signals.amplitudeAt(Signals.samples(events.get(clearedAt - 2).chunk()), 400, 8000) / LEVEL))
                    .as("before the clear the interpretation was playing")
                    .isCloseTo(0.0, within(0.5));
        }
    }
}
