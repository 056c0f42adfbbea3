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
 * The model is slow to start its answer and the caller goes on talking: the request in flight is
 * cancelled (nothing was played, so nothing is cleared) and one answer is asked for both
 * utterances, with no assistant message between them.
 */
class PipelineSecondThoughtBeforeTheAnswerGetsOneAnswerTest {
    @TempDir
    Path dir;

    @Test
    void theSlowRequestIsCancelledAndBothUtterancesAnsweredOnce() {
        try (PipelineCall call = new PipelineCall(dir)) {
            call.stt.enqueue(FakeTranscriptions.Reply.text("What time do you open?"));
            call.llm.enqueue(FakeChatCompletions.Reply.stream(131).pause(8000).text("We open at nine.").finish("stop"));
            call.say("What time do you open?", 900);
            await().atMost(Duration.ofSeconds(20)).until(() -> call.llm.served().size() == 1);

            call.stt.enqueue(FakeTranscriptions.Reply.text("And on Sundays?"));
            call.llm.enqueue(FakeChatCompletions.Reply.stream(132).text("At nine, ", "and at ten on Sundays.").finish("stop"));
            call.tts.enqueue(PipelineCall.voice(133, 400));
            call.say("And on Sundays?", 900);
            await().atMost(Duration.ofSeconds(10)).until(() -> call.llm.served().get(0).connectionClosed().isComplete());
            await().atMost(Duration.ofSeconds(20)).until(() -> call.llm.served().size() == 2);
            assertThat(call.conversation(1)).containsExactly("system", "user: What time do you open?", "user: And on Sundays?");

            call.hearUntilSpeech(3);
            assertThat(call.speech()).containsExactly("caller: What time do you open?", "caller: And on Sundays?",
                    "agent: At nine, and at ten on Sundays.");
            assertThat(call.clears()).isZero();
            assertThat(call.tts.served()).extracting(s -> s.body().path("input").asText()).containsExactly("At nine, and at ten on Sundays.");
        }
    }
}
