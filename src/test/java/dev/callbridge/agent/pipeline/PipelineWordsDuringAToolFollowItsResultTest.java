package dev.callbridge.agent.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.engine.llm.FakeChatCompletions;
import dev.callbridge.engine.stt.FakeTranscriptions;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The caller adds something while a slow tool runs. Their words wait: the model is asked once the
 * tool has answered, with the call, its result and then the caller's words, in that order (a tool
 * result must follow its call directly), and only once.
 */
class PipelineWordsDuringAToolFollowItsResultTest {
    @TempDir
    Path dir;

    @Test
    void theCallersWordsComeAfterTheToolResultInOneRequest() throws Exception {
        try (ToolHook hook = new ToolHook("{\"status\":\"shipped\"}", 3000);
             PipelineCall call = new PipelineCall(dir, "AGENT_TOOLS_FILE", hook.toolsFile(dir).toString(), "TOOL_FILLER_AFTER_MS", "0")) {
            call.stt.enqueue(FakeTranscriptions.Reply.text("Where is order A17?"));
            call.llm.enqueue(FakeChatCompletions.Reply.stream(121).toolStart(0, "call_w1", "order_status")
                    .toolArgs(0, "{\"order\":\"A17\"}").finish("tool_calls"));
            call.llm.enqueue(FakeChatCompletions.Reply.stream(122).text("The blue lamp has shipped.").finish("stop"));
            call.tts.enqueue(PipelineCall.voice(123, 300));
            call.say("Where is order A17?", 900);

            await().atMost(Duration.ofSeconds(20)).until(() -> !hook.received.isEmpty());
            call.stt.enqueue(FakeTranscriptions.Reply.text("It was a blue lamp."));
            call.say("It was a blue lamp.", 900);
            await().atMost(Duration.ofSeconds(20)).until(() -> call.speech().contains("caller: It was a blue lamp."));
            assertThat(call.llm.served()).as("the words wait for the tool").hasSize(1);

            await().atMost(Duration.ofSeconds(20)).until(() -> call.llm.served().size() == 2);
            assertThat(call.conversation(1)).containsExactly(
                    "system",
                    "user: Where is order A17?",
                    "assistant +call call_w1 order_status({\"order\":\"A17\"})",
                    "tool call_w1: {\"status\":\"shipped\"}",
                    "user: It was a blue lamp.");
            call.hearUntilSpeech(3);
            assertThat(call.speech()).containsExactly("caller: Where is order A17?", "caller: It was a blue lamp.",
                    "agent: The blue lamp has shipped.");
            assertThat(call.llm.served()).hasSize(2);
        }
    }
}
