package dev.callbridge.agent.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.agent.SpokenPrompt;
import dev.callbridge.engine.llm.FakeChatCompletions;
import dev.callbridge.engine.stt.FakeTranscriptions;
import dev.callbridge.engine.tts.FakeSpeechServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Speech synthesis drops the connection in the middle of the second sentence, after some of its
 * audio went out (so no retry: the caller would hear it twice). The call ends with the fallback,
 * naming the TTS. Twilio plays and confirms every bit of audio that went out, yet the answer is
 * recorded cut after the first sentence: of the second the caller heard a fragment, not the sentence.
 */
class PipelineTtsDroppedMidAnswerKeepsTheHeardPartTest {
    @TempDir
    Path dir;

    @Test
    void theCallEndsAndTheAnswerKeepsWhatWasHeard() {
        try (PipelineCall call = new PipelineCall(dir)) {
            call.stt.enqueue(FakeTranscriptions.Reply.text("What time do you open?"));
            call.llm.enqueue(FakeChatCompletions.Reply.stream(101).text("We open at nine. ", "On Sundays at ten.").finish("stop"));
            call.tts.enqueue(PipelineCall.voice(102, 600))
                    .enqueue(FakeSpeechServer.Reply.pcm(103).millis(300).pause(2500).drop());
            call.say("What time do you open?", 900);

            // The first sentence and part of the second are out, and Twilio has played them, before the drop.
            await().atMost(Duration.ofSeconds(20)).until(() -> call.markPositions().stream().anyMatch(m -> m.audioMs() >= 800));
            call.hearAll();

            JsonNode record = call.hearUntilEnded("failed");
            assertThat(record.path("endReason").asText()).startsWith("engine-failed: tts: ");
            assertThat(call.errors()).singleElement().asString().startsWith("tts_failed: ");
            assertThat(call.speech()).containsExactly(
                    "caller: What time do you open?",
                    "agent: We open at nine. [cut]",
                    "agent: " + SpokenPrompt.unavailable().text());
            assertThat(call.tts.served()).as("no retry after audio").hasSize(2);
        }
    }
}
