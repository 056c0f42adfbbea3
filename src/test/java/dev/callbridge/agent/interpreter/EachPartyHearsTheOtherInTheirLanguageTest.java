package dev.callbridge.agent.interpreter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.call.CallRecord;
import dev.callbridge.call.TranscriptEntry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EachPartyHearsTheOtherInTheirLanguageTest {

    @Test
    void aSpeaksEnglishBHearsSpanishAndTheAnswerComesBackInEnglish() {
        try (InterpreterRig rig = new InterpreterRig(InterpreterAgent.Mix.TRANSLATION, "en", "es")) {
            rig.stt.script("en", "I would like to book a table");
            rig.stt.script("es", "Para cuantas personas");
            rig.awaitConnected();

            rig.say(rig.a, "I would like to book a table", 900);
            await().atMost(Duration.ofSeconds(10)).until(() -> rig.b.heard.contains("table"));
            rig.say(rig.b, "For how many people", 900);
            await().atMost(Duration.ofSeconds(10)).until(() -> rig.speech().size() == 2);

            List<TranscriptEntry> said = rig.speech();
            assertThat(said.get(0).speaker()).isEqualTo(TranscriptEntry.Speaker.A);
            assertThat(said.get(0).language()).isEqualTo("en");
            assertThat(said.get(0).text()).isEqualTo("I would like to book a table");
            assertThat(said.get(0).translation()).isEqualTo("[es] I would like to book a table");
            assertThat(said.get(0).interrupted()).isFalse();
            assertThat(said.get(1).speaker()).isEqualTo(TranscriptEntry.Speaker.B);
            assertThat(said.get(1).language()).isEqualTo("es");
            assertThat(said.get(1).translation()).isEqualTo("[en] Para cuantas personas");
            assertThat(said.get(0).startMs()).isLessThan(said.get(0).endMs());
            assertThat(said.get(1).startMs()).isGreaterThan(said.get(0).endMs());
            // Each heard the other's words, synthesized in their own language.
            assertThat(rig.tts.spoken).contains("es: [es] I would like to book a table", "en: [en] Para cuantas personas");
            assertThat(rig.a.heard).containsSubsequence("[en]", "Para", "cuantas", "personas");
            assertThat(rig.stt.languagesAsked).contains("en", "es");

            rig.a.hangUp();
            CallRecord end = rig.finalRecord();
            assertThat(end.endReason()).isEqualTo("caller-hangup");
            assertThat(end.interpreter().b().status().wireName()).isEqualTo("in-progress");
            assertThat(end.stats().interpreter().aToB().utterances()).isEqualTo(1);
            assertThat(end.stats().interpreter().bToA().utterances()).isEqualTo(1);
            assertThat(end.stats().interpreter().aToB().firstAudioMsMedian()).isNotNull();
            assertThat(end.stats().interpreter().aToB().translateMsMedian()).isEqualTo(20L);
        }
    }
}
