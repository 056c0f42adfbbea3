package dev.callbridge.agent.interpreter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.call.Interpretation;
import dev.callbridge.call.TranscriptEntry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LanguageSwitchReachesSttTranslationAndTtsTest {

    @Test
    void bSwitchingToFrenchChangesWhatBIsHeardInAndWhatBHears() {
        try (InterpreterRig rig = new InterpreterRig(InterpreterAgent.Mix.TRANSLATION, "en", "es")) {
            rig.stt.script("fr", "bonjour");
            rig.stt.script("en", "good morning");
            rig.awaitConnected();
            rig.call.execute(() -> rig.call.changeLanguage(Interpretation.Side.B, "fr"));
            await().until(() -> rig.call.record().interpreter().languages().b().equals("fr"));

            rig.say(rig.b, "Bonjour", 700);
            await().atMost(Duration.ofSeconds(10)).until(() -> rig.speech().size() == 1);
            rig.say(rig.a, "Good morning", 700);
            await().atMost(Duration.ofSeconds(10)).until(() -> rig.speech().size() == 2);

            TranscriptEntry fromB = rig.speech().get(0);
            assertThat(fromB.language()).isEqualTo("fr");
            assertThat(fromB.translation()).isEqualTo("[en] bonjour");
            assertThat(rig.stt.languagesAsked).contains("fr").doesNotContain("es");
            assertThat(rig.translator.asked).contains("fr→en: bonjour", "en→fr: good morning");
            assertThat(rig.tts.spoken).contains("fr: [fr] good morning");
            assertThat(rig.call.record().language()).isEqualTo("en");
        }
    }
}
