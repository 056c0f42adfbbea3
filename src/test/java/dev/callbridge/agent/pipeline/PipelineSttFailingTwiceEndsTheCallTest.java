package dev.callbridge.agent.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.agent.SpokenPrompt;
import dev.callbridge.engine.stt.FakeTranscriptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Speech to text answers 500 to an utterance and again to its one retry (the same audio sent
 * again): the caller hears the fallback prompt, the call ends {@code failed} with
 * {@code engine-failed} naming the STT, and an {@code stt_failed} error event says why. The model
 * is never asked.
 */
class PipelineSttFailingTwiceEndsTheCallTest {
    @TempDir
    Path dir;

    @Test
    void aServerErrorIsRetriedOnceThenTheCallEndsWithTheFallback() {
        try (PipelineCall call = new PipelineCall(dir)) {
            String error = FakeTranscriptions.Reply.openAiError("The server had an error while processing your request.", "server_error", "server_error");
            call.stt.enqueue(FakeTranscriptions.Reply.status(500, error)).enqueue(FakeTranscriptions.Reply.status(500, error));
            call.say("What time do you open?", 900);

            JsonNode record = call.hearUntilEnded("failed");
            assertThat(record.path("endReason").asText()).startsWith("engine-failed: stt: ").contains("500");
            assertThat(call.stt.served()).hasSize(2);
            assertThat(call.stt.served().get(1).wav().data()).as("the retry sends the same audio").isEqualTo(call.stt.served().get(0).wav().data());
            assertThat(call.errors()).singleElement().asString().startsWith("stt_failed: ").contains("500");
            assertThat(call.speech()).containsExactly("agent: " + SpokenPrompt.unavailable().text());
            assertThat(call.audioBytes()).as("the fallback prompt was played").isGreaterThan(8 * 1000);
            assertThat(call.llm.served()).isEmpty();
        }
    }
}
