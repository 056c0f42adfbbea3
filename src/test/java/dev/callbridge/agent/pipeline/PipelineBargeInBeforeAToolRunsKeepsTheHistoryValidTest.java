package dev.callbridge.agent.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.engine.llm.FakeChatCompletions;
import dev.callbridge.engine.stt.FakeTranscriptions;
import dev.callbridge.engine.tts.FakeSpeechServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model says "let me check" and calls a tool; the caller talks over that sentence while it is
 * still being synthesized, before the tool has started. The leg is cleared, the tool still runs
 * (the model asked for it), and the next request is one the model accepts: its call, the result
 * right after it, then the caller's words. Of the cut sentence no words count: its synthesis never
 * finished.
 */
class PipelineBargeInBeforeAToolRunsKeepsTheHistoryValidTest {
    @TempDir
    Path dir;

    @Test
    void theToolRunsAndItsResultFollowsItsCallBeforeTheCallersWords() throws Exception {
        try (ToolHook hook = new ToolHook("{\"status\":\"shipped\"}", 0);
             PipelineCall call = new PipelineCall(dir, "AGENT_TOOLS_FILE", hook.toolsFile(dir).toString())) {
            call.stt.enqueue(FakeTranscriptions.Reply.text("Where is order A17?"));
            call.llm.enqueue(FakeChatCompletions.Reply.stream(141).text("Let me check that order for you.")
                    .toolStart(0, "call_b1", "order_status").toolArgs(0, "{\"order\":\"A17\"}").finish("tool_calls"));
            call.tts.enqueue(FakeSpeechServer.Reply.pcm(142).millis(300).pause(6000).millis(900));
            call.say("Where is order A17?", 900);
            await().atMost(Duration.ofSeconds(20)).until(() -> call.audioBytes() >= 300 * 8);
            assertThat(hook.received).as("the tool waits for its sentence").isEmpty();

            call.stt.enqueue(FakeTranscriptions.Reply.text("Actually, make that B12."));
            call.llm.enqueue(FakeChatCompletions.Reply.stream(143).text("Checking B12.").finish("stop"));
            call.tts.enqueue(PipelineCall.voice(144, 300));
            call.say("Actually, make that B12.", 900);
            await().atMost(Duration.ofSeconds(20)).until(() -> call.llm.served().size() == 2);
            assertThat(call.clears()).isEqualTo(1);
            assertThat(hook.received).hasSize(1);
            assertThat(call.conversation(1)).containsExactly(
                    "system",
                    "user: Where is order A17?",
                    "assistant +call call_b1 order_status({\"order\":\"A17\"})",
                    "tool call_b1: {\"status\":\"shipped\"}",
                    "user: Actually, make that B12.");
            call.hearUntilSpeech(3);
            assertThat(call.speech()).containsExactly("caller: Where is order A17?", "caller: Actually, make that B12.",
                    "agent: Checking B12.");
        }
    }
}
