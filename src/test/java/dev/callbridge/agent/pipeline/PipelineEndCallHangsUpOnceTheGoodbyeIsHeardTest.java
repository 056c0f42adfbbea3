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
 * The model calls {@code end_call}, and the call ends {@code agent-hangup} only once Twilio confirms
 * the goodbye as played. With nothing said alongside the call (its arguments split across chunks),
 * the tool's result goes back to the model, which is asked for a goodbye; said in the same answer,
 * that sentence is the goodbye, and the model is asked nothing more.
 */
class PipelineEndCallHangsUpOnceTheGoodbyeIsHeardTest {
    @TempDir
    Path dir;

    @Test
    void theModelIsAskedForAGoodbyeAndTheCallEndsOnceItIsHeard() {
        try (PipelineCall call = new PipelineCall(dir)) {
            call.stt.enqueue(FakeTranscriptions.Reply.text("That's all, thanks."));
            call.llm.enqueue(FakeChatCompletions.Reply.stream(41).toolStart(0, "call_end1", "end_call").toolArgs(0, "{")
                    .toolArgs(0, "}").finish("tool_calls"));
            call.llm.enqueue(FakeChatCompletions.Reply.stream(42).text("Goodbye, ", "have a nice evening!").finish("stop").usage(60, 7));
            call.tts.enqueue(PipelineCall.voice(43, 500));
            call.say("That's all, thanks.", 900);

            await().atMost(Duration.ofSeconds(20)).until(() -> call.llm.served().size() == 2);
            assertThat(call.conversation(1)).containsExactly(
                    "system",
                    "user: That's all, thanks.",
                    "assistant +call call_end1 end_call({})",
                    "tool call_end1: {\"status\":\"ending\",\"say\":\"a short goodbye\"}");

            await().atMost(Duration.ofSeconds(20)).until(() -> call.markPositions().stream().anyMatch(m -> m.audioMs() >= 500));
            assertThat(call.twilio.isClosed()).as("the goodbye is not heard yet").isFalse();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                call.hearAll();
                return call.twilio.isClosed();
            });
            JsonNode record = Calls.awaitStatus(call.gw, call.callId, "completed");
            assertThat(record.path("endReason").asText()).isEqualTo("agent-hangup");
            assertThat(call.speech()).containsExactly("caller: That's all, thanks.", "agent: Goodbye, have a nice evening!");
            assertThat(call.transcript()).filteredOn(e -> e.path("kind").asText().equals("tool")).singleElement()
                    .extracting(e -> e.path("text").asText()).asString().startsWith("end_call {} → ");
            assertThat(call.llm.served()).hasSize(2);
        }
    }

    @Test
    void aGoodbyeInTheSameAnswerIsHeardOutAndTheModelAskedNothingMore() {
        try (PipelineCall call = new PipelineCall(dir)) {
            call.stt.enqueue(FakeTranscriptions.Reply.text("That's all, thanks."));
            call.llm.enqueue(FakeChatCompletions.Reply.stream(44).text("Goodbye, ", "and thanks for calling!")
                    .toolStart(0, "call_end2", "end_call").toolArgs(0, "{}").finish("tool_calls"));
            call.tts.enqueue(PipelineCall.voice(45, 600));
            call.say("That's all, thanks.", 900);

            await().atMost(Duration.ofSeconds(20)).until(() -> call.markPositions().stream().anyMatch(m -> m.audioMs() >= 600));
            call.hearThrough(call.markPositions().get(2));
            assertThat(call.twilio.isClosed()).as("half the goodbye heard").isFalse();
            JsonNode record = call.hearUntilEnded("completed");
            assertThat(record.path("endReason").asText()).isEqualTo("agent-hangup");
            assertThat(call.speech()).containsExactly("caller: That's all, thanks.", "agent: Goodbye, and thanks for calling!");
            assertThat(call.llm.served()).hasSize(1);
        }
    }
}
