package dev.callbridge.agent.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.engine.llm.FakeChatCompletions;
import dev.callbridge.engine.stt.FakeTranscriptions;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short "okay" over the agent, long enough for the VAD ({@code VAD_MIN_SPEECH_MS} low) but shorter
 * than {@code BARGE_IN_MIN_MS}: the leg is not cleared, the model is not asked anything, the words
 * are on the record as the caller's, and the agent's answer plays on and is recorded whole, in the
 * transcript and in the model's history.
 */
class PipelineBackchannelIsNotAnInterruptionTest {
    @TempDir
    Path dir;

    @Test
    void aShortOkayOverTheAgentIsHeardButNeitherInterruptsNorIsAnswered() {
        try (PipelineCall call = new PipelineCall(dir, "VAD_MIN_SPEECH_MS", "100", "BARGE_IN_MIN_MS", "1500")) {
            call.stt.enqueue(FakeTranscriptions.Reply.text("What do you recommend?"));
            call.llm.enqueue(FakeChatCompletions.Reply.stream(31).text("Try the ", "soup. It is", " our best dish.").finish("stop").usage(40, 9));
            call.tts.enqueue(PipelineCall.voice(32, 800)).enqueue(PipelineCall.voice(33, 900));
            call.say("What do you recommend?", 900);
            await().atMost(Duration.ofSeconds(20)).until(() -> call.markPositions().stream().anyMatch(m -> m.audioMs() >= 1700));

            // None of the answer is confirmed yet: the agent is still speaking when the caller says "okay".
            int okayMs = PipelineCall.speech("Okay.").length / 8;
            assertThat(okayMs).as("the clip is shorter than BARGE_IN_MIN_MS").isLessThan(1500);
            call.stt.enqueue(FakeTranscriptions.Reply.text("Okay."));
            call.say("Okay.", 900);
            await().atMost(Duration.ofSeconds(20)).until(() -> call.speech().contains("caller: Okay."));
            assertThat(call.stt.served()).hasSize(2);
            assertThat(call.clears()).as("the leg was not cleared").isZero();

            call.hearUntilSpeech(3);
            assertThat(call.speech()).containsExactly(
                    "caller: What do you recommend?",
                    "caller: Okay.",
                    "agent: Try the soup. It is our best dish.");
            assertThat(call.llm.served()).as("the okay got no answer").hasSize(1);

            call.stt.enqueue(FakeTranscriptions.Reply.text("Great, thanks."));
            call.llm.enqueue(FakeChatCompletions.Reply.stream(34).text("Enjoy!").finish("stop"));
            call.tts.enqueue(PipelineCall.voice(35, 300));
            call.say("Great, thanks.", 900);
            await().atMost(Duration.ofSeconds(20)).until(() -> call.llm.served().size() == 2);
            JsonNode messages = call.llm.served().get(1).body().path("messages");
            assertThat(messages).extracting(m -> m.path("role").asText() + ": " + m.path("content").asText()).containsExactly(
                    "system: " + messages.get(0).path("content").asText(),
                    "user: What do you recommend?",
                    "assistant: Try the soup. It is our best dish.",
                    "user: Great, thanks.");
            call.hearUntilSpeech(5);
            assertThat(call.clears()).isZero();
        }
    }
}
