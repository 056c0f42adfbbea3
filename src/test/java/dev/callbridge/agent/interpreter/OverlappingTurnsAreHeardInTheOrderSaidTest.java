package dev.callbridge.agent.interpreter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.call.TranscriptEntry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OverlappingTurnsAreHeardInTheOrderSaidTest {

    @Test
    void aSecondTurnWhoseTranslationIsBackFirstStillWaitsForTheFirst() {
        try (InterpreterRig rig = new InterpreterRig(InterpreterAgent.Mix.TRANSLATION, "en", "es")) {
            rig.stt.script("en", "first thing", "second thing");
            // The first turn's translation comes back long after the second's.
            rig.translator.delayFor.put("first thing", 2500L);
            rig.awaitConnected();

            rig.say(rig.a, "The first thing", 700);
            rig.say(rig.a, "The second thing", 700);
            await().atMost(Duration.ofSeconds(15)).until(() -> rig.speech().size() == 2);

            List<String> heard = rig.b.heard;
            assertThat(heard).containsSubsequence("first", "thing", "second", "thing");
            assertThat(heard.indexOf("first")).isLessThan(heard.indexOf("second"));
            List<TranscriptEntry> said = rig.speech();
            assertThat(said).extracting(TranscriptEntry::text).containsExactly("first thing", "second thing");
            assertThat(said).extracting(TranscriptEntry::interrupted).containsExactly(false, false);
            assertThat(said).extracting(TranscriptEntry::translation).containsExactly("[es] first thing", "[es] second thing");
            assertThat(rig.b.clears).isZero();
        }
    }
}
