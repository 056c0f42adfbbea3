package dev.callbridge.agent.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.agent.SpokenPrompt;
import dev.callbridge.engine.llm.FakeChatCompletions;
import dev.callbridge.engine.stt.FakeTranscriptions;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A webhook that takes 1.5 s, with {@code TOOL_FILLER_AFTER_MS=200}: the caller hears "one moment,
 * please" once (the repeat is 8 s away) while it runs, never dead air; then the answer.
 */
class PipelineSlowToolGetsOneMomentTest {
    @TempDir
    Path dir;

    @Test
    void theCallerHearsOneMomentWhileTheToolRuns() throws Exception {
        String oneMoment = SpokenPrompt.oneMoment().text();
        try (ToolHook hook = new ToolHook("{\"status\":\"shipped\"}", 1500);
             PipelineCall call = new PipelineCall(dir, "AGENT_TOOLS_FILE", hook.toolsFile(dir).toString(), "TOOL_FILLER_AFTER_MS", "200")) {
            call.stt.enqueue(FakeTranscriptions.Reply.text("Where is order A17?"));
            call.llm.enqueue(FakeChatCompletions.Reply.stream(71).toolStart(0, "call_s1", "order_status")
                    .toolArgs(0, "{\"order\":\"A17\"}").finish("tool_calls"));
            call.llm.enqueue(FakeChatCompletions.Reply.stream(72).text("It has shipped.").finish("stop"));
            call.tts.enqueue(PipelineCall.voice(73, 300));
            call.say("Where is order A17?", 900);

            await().atMost(Duration.ofSeconds(20)).until(() -> call.speech().contains("agent: " + oneMoment));
            assertThat(call.llm.served()).as("the tool is still running").hasSize(1);
            int fillerBytes = call.audioBytes();
            assertThat(fillerBytes).as("the prompt's audio went to the caller").isGreaterThan(8 * 300);

            await().atMost(Duration.ofSeconds(20)).until(() -> call.llm.served().size() == 2);
            call.hearUntilSpeech(3);
            assertThat(call.speech()).containsExactly("caller: Where is order A17?", "agent: " + oneMoment, "agent: It has shipped.");
            assertThat(call.audioBytes()).as("the prompt once, then the answer").isEqualTo(fillerBytes + 300 * 8);
            assertThat(call.conversation(1)).containsSubsequence("assistant +call call_s1 order_status({\"order\":\"A17\"})",
                    "tool call_s1: {\"status\":\"shipped\"}");
        }
    }
}
