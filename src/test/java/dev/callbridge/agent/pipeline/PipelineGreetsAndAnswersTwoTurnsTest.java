package dev.callbridge.agent.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.engine.llm.FakeChatCompletions;
import dev.callbridge.engine.stt.FakeTranscriptions;
import dev.callbridge.it.Calls;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole pipeline conversation through the real gateway: the greeting is spoken, then two turns,
 * each the caller's real speech found by Silero, transcribed by the STT fake, answered by the LLM
 * fake in streamed pieces and spoken by the TTS fake, sentence by sentence. The record holds every
 * turn in order; the model sees the conversation so far, in the call's language.
 */
class PipelineGreetsAndAnswersTwoTurnsTest {
    @TempDir
    Path dir;

    @Test
    void greetingThenTwoTurnsAreSpokenRecordedAndRemembered() {
        try (PipelineCall call = new PipelineCall(dir, "AGENT_GREETING", "Hello, this is Ada. How can I help?",
                "AGENT_INSTRUCTIONS", "You take bookings for a bistro.")) {
            call.tts.enqueue(PipelineCall.voice(1, 600)).enqueue(PipelineCall.voice(2, 500));
            call.hearUntilSpeech(1);

            call.stt.enqueue(FakeTranscriptions.Reply.text(" What time do you open?"));
            call.llm.enqueue(FakeChatCompletions.Reply.stream(3).text("We open", " at nine. ", "See you", " then!").finish("stop"));
            call.tts.enqueue(PipelineCall.voice(4, 400)).enqueue(PipelineCall.voice(5, 300));
            int before = call.audioBytes();
            call.say("What time do you open?", 900);
            await().atMost(Duration.ofSeconds(20)).until(() -> call.tts.served().size() == 4);
            call.hearUntilSpeech(3);
            assertThat(call.audioBytes() - before).as("both sentences' audio").isGreaterThanOrEqualTo(8 * 700);

            call.stt.enqueue(FakeTranscriptions.Reply.text("And on Sundays?"));
            call.llm.enqueue(FakeChatCompletions.Reply.stream(6).text("On Sundays we open at ten.").finish("stop"));
            call.tts.enqueue(PipelineCall.voice(7, 400));
            call.say("And on Sundays?", 900);
            await().atMost(Duration.ofSeconds(20)).until(() -> call.tts.served().size() == 5);
            call.hearUntilSpeech(5);

            assertThat(call.speech()).containsExactly(
                    "agent: Hello, this is Ada. How can I help?",
                    "caller: What time do you open?",
                    "agent: We open at nine. See you then!",
                    "caller: And on Sundays?",
                    "agent: On Sundays we open at ten.");
            // Each entry has its place on the call's timeline, the agent's from when its audio began, so the
            // recording can be sought to it; each answer after the last. (The caller's times are on the audio's
            // own clock, which this test's bursts of frames run ahead of the wall clock: not compared here.)
            long previousAgentEnd = -1;
            for (JsonNode e : call.transcript()) {
                if (!e.path("kind").asText().equals("speech")) continue;
                assertThat(e.path("startMs").isNumber()).as("startMs of %s", e).isTrue();
                assertThat(e.path("startMs").asLong()).as("%s", e).isLessThanOrEqualTo(e.path("endMs").asLong());
                if (!e.path("speaker").asText().equals("agent")) continue;
                assertThat(e.path("startMs").asLong()).as("%s", e).isGreaterThanOrEqualTo(previousAgentEnd);
                previousAgentEnd = e.path("endMs").asLong();
            }
            assertThat(call.tts.served()).extracting(s -> s.body().path("input").asText()).containsExactly(
                    "Hello, this is Ada.", "How can I help?", "We open at nine.", "See you then!", "On Sundays we open at ten.");

            JsonNode second = call.llm.served().get(1).body();
            assertThat(second.path("model").asText()).isEqualTo("test-model");
            JsonNode messages = second.path("messages");
            assertThat(messages.get(0).path("role").asText()).isEqualTo("system");
            assertThat(messages.get(0).path("content").asText()).startsWith("You take bookings for a bistro.").contains("English (en)");
            assertThat(messages).extracting(m -> m.path("role").asText() + ": " + m.path("content").asText()).containsSubsequence(
                    "assistant: Hello, this is Ada. How can I help?",
                    "user: What time do you open?",
                    "assistant: We open at nine. See you then!",
                    "user: And on Sundays?");
            assertThat(call.stt.served()).allSatisfy(s -> assertThat(s.fields()).containsEntry("language", "en"));

            call.twilio.stop(999, "MZ00000000000000000000000000000001");
            JsonNode record = Calls.awaitStatus(call.gw, call.callId, "completed");
            JsonNode stats = record.path("stats");
            assertThat(stats.path("turns").asInt()).isEqualTo(2);
            assertThat(stats.path("sttMsMedian").isNumber()).isTrue();
            assertThat(stats.path("overheadMsMedian").isNumber()).isTrue();
            for (String share : new String[] {"stt", "llm", "tts", "overhead"}) {
                assertThat(Calls.metric(call.gw, "callbridge_pipeline_turn_seconds_count", "share=\"" + share + "\""))
                        .as("turns timed for " + share).isEqualTo(2);
            }
            assertThat(Calls.metric(call.gw, "callbridge_tts_syntheses_total", "outcome=\"end\"")).isEqualTo(5);
        }
    }
}
