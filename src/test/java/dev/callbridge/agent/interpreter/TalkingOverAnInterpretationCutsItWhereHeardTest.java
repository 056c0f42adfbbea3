package dev.callbridge.agent.interpreter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.call.TranscriptEntry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TalkingOverAnInterpretationCutsItWhereHeardTest {
    /** 120 words: 2.4 s of interpretation at one 20 ms frame a word. */
    private static final String LONG = String.join(" ", java.util.Collections.nCopies(40, "uno dos tres"));

    @Test
    void bSpeakingOverTheTranslationStopsItAndTheRecordKeepsOnlyWhatBHeard() {
        try (InterpreterRig rig = new InterpreterRig(InterpreterAgent.Mix.TRANSLATION, "en", "es")) {
            rig.stt.script("en", LONG);
            rig.stt.script("es", "espera");
            rig.awaitConnected();
            rig.say(rig.a, "One two three one two three", 700);
            await().atMost(Duration.ofSeconds(10)).until(() -> rig.b.heard.stream().filter("tres"::equals).count() >= 3);

            rig.say(rig.b, "Wait a moment please", 900);
            await().atMost(Duration.ofSeconds(10)).until(() -> rig.speech().size() == 2);

            assertThat(rig.b.clears).isEqualTo(1);
            TranscriptEntry cut = rig.speech().get(0);
            assertThat(cut.speaker()).isEqualTo(TranscriptEntry.Speaker.A);
            assertThat(cut.text()).isEqualTo(LONG);
            assertThat(cut.interrupted()).isTrue();
            String full = "[es] " + LONG;
            assertThat(cut.translation()).isNotBlank();
            assertThat(full).startsWith(cut.translation());
            assertThat(cut.translation().length()).isLessThan(full.length());
            // What B heard of it is at least what the record says, and B never heard the rest.
            long heardTres = rig.b.heard.stream().filter("tres"::equals).count();
            assertThat(heardTres).isLessThan(40);
            // B's own words still reach A.
            assertThat(rig.speech().get(1).translation()).isEqualTo("[en] espera");
        }
    }
}
