package dev.callbridge.agent.interpreter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.call.CallRecord;
import dev.callbridge.call.CallStatus;
import org.junit.jupiter.api.Test;

class BusyPartyBIsToldToAInTheirLanguageTest {

    @Test
    void aHearsThatBIsBusyInSpanishAndTheCallEndsWithThatReason() {
        try (InterpreterRig rig = new InterpreterRig(InterpreterAgent.Mix.TRANSLATION, "es", "en", CallStatus.BUSY)) {
            CallRecord end = rig.finalRecord();
            assertThat(end.endReason()).isEqualTo("party-b-busy");
            assertThat(end.status()).isEqualTo(CallStatus.COMPLETED);
            assertThat(end.interpreter().b().status()).isEqualTo(CallStatus.BUSY);
            assertThat(rig.tts.spoken).contains("es: La persona a la que llama está ocupada. Adiós.");
            assertThat(rig.a.heard).contains("ocupada.");
            assertThat(rig.b.listener).isNull();
        }
    }

    @Test
    void noAnswerIsToldAsSuchAndIsNotAFailure() {
        try (InterpreterRig rig = new InterpreterRig(InterpreterAgent.Mix.TRANSLATION, "en", "es", CallStatus.NO_ANSWER)) {
            CallRecord end = rig.finalRecord();
            assertThat(end.endReason()).isEqualTo("party-b-no-answer");
            assertThat(rig.tts.spoken).contains("en: The person you are calling did not answer. Goodbye.");
        }
    }

    @Test
    void aFailedDialEndsTheCallAsFailedAfterTellingA() {
        try (InterpreterRig rig = new InterpreterRig(InterpreterAgent.Mix.TRANSLATION, "en", "es", CallStatus.FAILED)) {
            CallRecord end = rig.finalRecord();
            assertThat(end.endReason()).startsWith("party-b-failed");
            assertThat(end.status()).isEqualTo(CallStatus.FAILED);
            assertThat(rig.tts.spoken).contains("en: The person you are calling cannot be reached. Goodbye.");
        }
    }
}
