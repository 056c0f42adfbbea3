package dev.callbridge.agent.interpreter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AWaitingListenerHearsASoftToneTest {
    /** One comfort tone, μ-law 8 kHz. */
    private static final int TONE_BYTES = ComfortTone.MILLIS * 8;

    @Test
    void aSlowTranslationIsCoveredByTonesUntilItArrives() {
        try (InterpreterRig rig = new InterpreterRig(InterpreterAgent.Mix.TRANSLATION, "en", "es")) {
            rig.stt.script("en", "slow one");
            rig.translator.delayFor.put("slow one", 2600L);
            rig.awaitConnected();
            int before = rig.b.chunkSizes.size();
            rig.say(rig.a, "A slow one", 600);
            await().atMost(Duration.ofSeconds(10)).until(() -> rig.speech().size() == 1);

            var after = rig.b.chunkSizes.subList(before, rig.b.chunkSizes.size());
            long tones = after.stream().filter(n -> n == TONE_BYTES).count();
            // 2.6 s of waiting: the first tone at 0.7 s, then every 1.5 s.
            assertThat(tones).isBetween(1L, 3L);
            assertThat(rig.b.heard).containsSubsequence("slow", "one");
        }
    }

    @Test
    void aPromptTranslationNeedsNoTone() {
        try (InterpreterRig rig = new InterpreterRig(InterpreterAgent.Mix.TRANSLATION, "en", "es")) {
            rig.stt.script("en", "quick one");
            rig.awaitConnected();
            int before = rig.b.chunkSizes.size();
            rig.say(rig.a, "A quick one", 600);
            await().atMost(Duration.ofSeconds(10)).until(() -> rig.speech().size() == 1);
            assertThat(rig.b.chunkSizes.subList(before, rig.b.chunkSizes.size())).doesNotContain(TONE_BYTES);
        }
    }
}
