package dev.callbridge.agent.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.call.CallJson;
import dev.callbridge.engine.llm.FakeChatCompletions;
import dev.callbridge.engine.stt.FakeTranscriptions;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator's tool from {@code AGENT_TOOLS_FILE}: the model sees it next to the built-in tools,
 * its call is POSTed to the webhook with the call's id and the operator's header, and the webhook's
 * answer goes back to the model verbatim, after the assistant's call, on the next request. A quick
 * tool gets no "one moment".
 */
class PipelineHttpToolAnswersTheModelTest {
    private static final String ANSWER = "{\"status\":\"shipped\",\"eta\":\"Tuesday\"}";

    @TempDir
    Path dir;

    @Test
    void theWebhooksAnswerGoesBackToTheModelAfterItsCall() throws Exception {
        try (ToolHook hook = new ToolHook(ANSWER, 0);
             PipelineCall call = new PipelineCall(dir, "AGENT_TOOLS_FILE", hook.toolsFile(dir).toString())) {
            call.stt.enqueue(FakeTranscriptions.Reply.text("Where is order A17?"));
            call.llm.enqueue(FakeChatCompletions.Reply.stream(61).toolStart(0, "call_h1", "order_status")
                    .toolArgs(0, "{\"order\":").toolArgs(0, "\"A17\"}").finish("tool_calls"));
            call.llm.enqueue(FakeChatCompletions.Reply.stream(62).text("It ships Tuesday.").finish("stop"));
            call.tts.enqueue(PipelineCall.voice(63, 300));
            call.say("Where is order A17?", 900);

            await().atMost(Duration.ofSeconds(20)).until(() -> call.llm.served().size() == 2);
            assertThat(call.llm.served().get(0).body().path("tools")).extracting(t -> t.path("function").path("name").asText())
                    .containsExactly("end_call", "send_dtmf", "transfer_call", "order_status");
            assertThat(call.conversation(1)).containsExactly(
                    "system",
                    "user: Where is order A17?",
                    "assistant +call call_h1 order_status({\"order\":\"A17\"})",
                    "tool call_h1: " + ANSWER);

            assertThat(hook.received).singleElement().satisfies(r -> {
                assertThat(r.headers().get("X-Hook-Key")).isEqualTo("hk-1");
                JsonNode body = CallJson.mapper().readTree(r.body());
                assertThat(body.path("tool").asText()).isEqualTo("order_status");
                assertThat(body.path("callId").asText()).isEqualTo(call.callId);
                assertThat(body.path("arguments").toString()).isEqualTo("{\"order\":\"A17\"}");
            });
            call.hearUntilSpeech(2);
            assertThat(call.speech()).containsExactly("caller: Where is order A17?", "agent: It ships Tuesday.");
            assertThat(call.transcript()).filteredOn(e -> e.path("kind").asText().equals("tool")).singleElement()
                    .extracting(e -> e.path("text").asText()).isEqualTo("order_status {\"order\":\"A17\"} → " + ANSWER);
        }
    }
}
