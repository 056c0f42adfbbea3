package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.engine.stt.FakeTranscriptions;
import dev.callbridge.engine.translate.FakeTranslationServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InterpretedCallTranslationFailureEndsCleanlyTest {
    @TempDir
    Path dir;

    @Test
    void bothPartiesHearAnApologyInTheirLanguageAndTheCallEndsAsFailed() {
        try (InterpretedCallThroughTheGateway call = new InterpretedCallThroughTheGateway(dir)) {
            call.rig.twilio.callee(InterpretedCallRig.A, TwilioCallee.answers());
            call.rig.twilio.callee(InterpretedCallRig.B, TwilioCallee.answers());
            String id = call.place(InterpretedCallRig.B, "twilio");
            TwilioPartyStream a = call.rig.twilio.answered(InterpretedCallRig.A);
            TwilioPartyStream b = call.rig.twilio.answered(InterpretedCallRig.B);
            await().atMost(Duration.ofSeconds(15)).until(() -> call.tts.served().size() >= 3);

            // The translation server breaks: the first request and its one retry both fail.
            String broken = "{\"status\":500,\"explanation\":\"Internal Server Error\"}";
            call.apy.force(FakeTranslationServer.Reply.json(500, broken));
            call.apy.force(FakeTranslationServer.Reply.json(500, broken));
            call.stt.enqueue(FakeTranscriptions.Reply.text("good morning friend"));
            InterpretedCallThroughTheGateway.say(a, InterpretedCallThroughTheGateway.speech("Good morning my friend", 900));

            JsonNode ended = Calls.awaitStatus(call.rig.gw, id, "failed");
            assertThat(ended.path("endReason").asText()).startsWith("translate-failed");
            assertThat(call.tts.served()).extracting(s -> s.body().path("input").asText()).contains(
                    "Sorry, the interpretation has stopped working, so I have to end the call. Goodbye.",
                    "Lo siento, la interpretación ha dejado de funcionar y tengo que terminar la llamada. Adiós.");
            await().atMost(Duration.ofSeconds(5)).until(() -> a.isClosed() && b.isClosed());
            // What A said is not lost: it is on the record, untranslated.
            JsonNode said = call.speechEntries(id).get(0);
            assertThat(said.path("text").asText()).isEqualTo("good morning friend");
            assertThat(said.path("translation").isNull()).as("never interpreted").isTrue();
        }
    }
}
