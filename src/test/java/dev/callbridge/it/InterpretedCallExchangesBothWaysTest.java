package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.engine.stt.FakeTranscriptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InterpretedCallExchangesBothWaysTest {
    @TempDir
    Path dir;

    @Test
    void placedThroughTheApiEachPartyHearsTheOtherInterpretedAndTheRecordSaysSo() {
        try (InterpretedCallThroughTheGateway call = new InterpretedCallThroughTheGateway(dir)) {
            call.rig.twilio.callee(InterpretedCallRig.A, TwilioCallee.answers());
            call.rig.twilio.callee(InterpretedCallRig.B, TwilioCallee.answers().ringing(Duration.ofMillis(400)));
            String id = call.place(InterpretedCallRig.B, "twilio");
            TwilioPartyStream a = call.rig.twilio.answered(InterpretedCallRig.A);
            TwilioPartyStream b = call.rig.twilio.answered(InterpretedCallRig.B);
            // "Please hold", then "connected" to A; "you have a call with an interpreter" to B.
            await().atMost(Duration.ofSeconds(15)).until(() -> call.tts.served().size() >= 3 && b.heardAudio().length > 0);
            int aHeardBefore = a.heardAudio().length;
            int bHeardBefore = b.heardAudio().length;

            call.stt.enqueue(FakeTranscriptions.Reply.text("good morning friend"));
            InterpretedCallThroughTheGateway.say(a, InterpretedCallThroughTheGateway.speech("Good morning my friend", 900));
            call.awaitSpeechEntries(id, 1);
            call.stt.enqueue(FakeTranscriptions.Reply.text("dónde está la estación"));
            InterpretedCallThroughTheGateway.say(b, InterpretedCallThroughTheGateway.speech("Where is the station", 900));
            call.awaitSpeechEntries(id, 2);

            List<JsonNode> said = call.speechEntries(id);
            assertThat(said.get(0).path("speaker").asText()).isEqualTo("a");
            assertThat(said.get(0).path("language").asText()).isEqualTo("en");
            assertThat(said.get(0).path("text").asText()).isEqualTo("good morning friend");
            assertThat(said.get(0).path("translation").asText()).isEqualTo("buenos días amigo");
            assertThat(said.get(0).path("interrupted").asBoolean()).isFalse();
            assertThat(said.get(1).path("speaker").asText()).isEqualTo("b");
            assertThat(said.get(1).path("language").asText()).isEqualTo("es");
            assertThat(said.get(1).path("text").asText()).isEqualTo("dónde está la estación");
            assertThat(said.get(1).path("translation").asText()).isNotBlank();
            // STT was told each speaker's language; apy was asked for each direction in its own codes.
            assertThat(call.stt.served()).extracting(s -> s.fields().get("language")).containsExactly("en", "es");
            assertThat(call.apy.served).extracting(s -> s.query().get("langpair") == null ? s.body() : s.query().get("langpair"))
                    .anyMatch(p -> p.contains("eng") && p.indexOf("eng") < p.indexOf("spa"))
                    .anyMatch(p -> p.contains("spa") && p.indexOf("spa") < p.indexOf("eng"));
            // Each heard interpreted speech after the prompts.
            await().atMost(Duration.ofSeconds(10)).until(() -> b.heardAudio().length > bHeardBefore && a.heardAudio().length > aHeardBefore);

            b.hangup();
            Calls.awaitStatus(call.rig.gw, id, "completed");
            JsonNode record = call.rig.record(id);
            assertThat(record.path("endReason").asText()).isEqualTo("party-b-hangup");
            assertThat(record.path("interpreter").path("languages").path("a").asText()).isEqualTo("en");
            assertThat(record.path("interpreter").path("languages").path("b").asText()).isEqualTo("es");
            assertThat(record.path("interpreter").path("b").path("providerCallId").asText()).isEqualTo(call.rig.twilio.sidFor(InterpretedCallRig.B));
            assertThat(record.path("providerCallId").asText()).isEqualTo(call.rig.twilio.sidFor(InterpretedCallRig.A));
            JsonNode stats = record.path("stats").path("interpreter");
            assertThat(stats.path("aToB").path("utterances").asInt()).isEqualTo(1);
            assertThat(stats.path("bToA").path("utterances").asInt()).isEqualTo(1);
            assertThat(stats.path("aToB").path("firstAudioMsMax").asLong()).isPositive();
            assertThat(stats.path("aToB").path("translateMsMedian").isNumber()).isTrue();
            assertThat(a.isClosed()).isTrue();
        }
    }
}
