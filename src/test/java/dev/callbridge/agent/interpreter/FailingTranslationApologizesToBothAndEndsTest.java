package dev.callbridge.agent.interpreter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.call.CallEvent;
import dev.callbridge.call.CallRecord;
import dev.callbridge.call.CallStatus;
import org.junit.jupiter.api.Test;

class FailingTranslationApologizesToBothAndEndsTest {

    @Test
    void eachPartyHearsTheApologyInTheirOwnLanguageThenTheCallEnds() {
        try (InterpreterRig rig = new InterpreterRig(InterpreterAgent.Mix.TRANSLATION, "en", "es")) {
            rig.stt.script("en", "hello there");
            rig.awaitConnected();
            rig.translator.failing = true;
            rig.say(rig.a, "Hello there", 700);

            CallRecord end = rig.finalRecord();
            assertThat(end.status()).isEqualTo(CallStatus.FAILED);
            assertThat(end.endReason()).startsWith("translate-failed");
            assertThat(rig.tts.spoken).contains(
                    "en: Sorry, the interpretation has stopped working, so I have to end the call. Goodbye.",
                    "es: Lo siento, la interpretación ha dejado de funcionar y tengo que terminar la llamada. Adiós.");
            assertThat(rig.a.heard).contains("Goodbye.");
            assertThat(rig.b.heard).contains("Adiós.");
            assertThat(rig.events).anyMatch(e -> e instanceof CallEvent.Error err && err.code().equals("interpreter-translate-failed"));
            // Both were hung up, once the apology was heard.
            assertThat(rig.a.ended).isNotNull();
            assertThat(rig.b.ended).isNotNull();
        }
    }
}
