package dev.callbridge.agent.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.agent.SpokenPrompt;
import dev.callbridge.engine.llm.FakeChatCompletions;
import dev.callbridge.engine.stt.FakeTranscriptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The text model answers 401 (a wrong key will not fix itself): no retry; the caller hears the
 * fallback, the call ends {@code failed} naming the LLM and its words, with an {@code llm_failed} error.
 */
class PipelineLlmRefusalEndsTheCallWithoutRetryTest {
    @TempDir
    Path dir;

    @Test
    void unauthorizedIsNotRetriedAndEndsTheCall() {
        try (PipelineCall call = new PipelineCall(dir)) {
            call.stt.enqueue(FakeTranscriptions.Reply.text("What time do you open?"));
            call.llm.enqueue(FakeChatCompletions.Reply.status(401,
                    FakeChatCompletions.Reply.openAiError("Incorrect API key provided: sk-wr***ng.", "invalid_request_error", "invalid_api_key")));
            call.say("What time do you open?", 900);

            JsonNode record = call.hearUntilEnded("failed");
            assertThat(record.path("endReason").asText()).startsWith("engine-failed: llm: ").contains("401");
            assertThat(call.llm.served()).as("no retry").hasSize(1);
            assertThat(call.errors()).singleElement().asString().startsWith("llm_failed: ").contains("401");
            assertThat(call.speech()).containsExactly("caller: What time do you open?", "agent: " + SpokenPrompt.unavailable().text());
            assertThat(call.tts.served()).isEmpty();
        }
    }
}
