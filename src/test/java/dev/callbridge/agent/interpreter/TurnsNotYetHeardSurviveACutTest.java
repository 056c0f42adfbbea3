package dev.callbridge.agent.interpreter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.call.TranscriptEntry;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class TurnsNotYetHeardSurviveACutTest {
    private static final String LONG = String.join(" ", Collections.nCopies(150, "uno dos"));

    @Test
    void bCuttingAsFirstTurnStillHearsTheSecondAfterwards() {
        try (InterpreterRig rig = new InterpreterRig(InterpreterAgent.Mix.TRANSLATION, "en", "es")) {
            rig.stt.script("en", LONG, "and the second");
            rig.stt.script("es", "un momento");
            rig.awaitConnected();
            rig.say(rig.a, "One two one two", 600);
            rig.say(rig.a, "And the second", 600);
            await().atMost(Duration.ofSeconds(10)).until(() -> rig.b.heard.stream().filter("dos"::equals).count() >= 3 && rig.stt.languagesAsked.size() >= 2);

            rig.say(rig.b, "One moment please", 900);
            await().atMost(Duration.ofSeconds(15)).until(() -> rig.speech().size() == 3);

            List<TranscriptEntry> said = rig.speech();
            TranscriptEntry first = said.stream().filter(e -> e.text().equals(LONG)).findFirst().orElseThrow();
            TranscriptEntry second = said.stream().filter(e -> e.text().equals("and the second")).findFirst().orElseThrow();
            assertThat(first.interrupted()).as(said.toString()).isTrue();
            assertThat(second.interrupted()).as(said.toString()).isFalse();
            assertThat(second.translation()).isEqualTo("[es] and the second");
            assertThat(rig.b.heard).containsSubsequence("and", "the", "second");
        }
    }
}
