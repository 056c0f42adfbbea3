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
 * Speech to text drops the connection once (a transient failure): the utterance's audio is sent
 * again, the retry's words are answered, and the call goes on with no error on its record.
 */
class PipelineSttTransientFailureIsRetriedTest {
    @TempDir
    Path dir;

    @Test
    void aDroppedConnectionIsRetriedWithTheSameAudioAndTheTurnAnswered() {
        try (PipelineCall call = new PipelineCall(dir)) {
            call.stt.enqueue(FakeTranscriptions.Reply.dropConnection())
                    .enqueue(FakeTranscriptions.Reply.text(" What time do you open?").after(150));
            call.llm.enqueue(FakeChatCompletions.Reply.stream(91).text("At nine.").finish("stop"));
            call.tts.enqueue(PipelineCall.voice(92, 300));
            call.say("What time do you open?", 900);

            call.hearUntilSpeech(2);
            assertThat(call.speech()).containsExactly("caller: What time do you open?", "agent: At nine.");
            assertThat(call.stt.served()).hasSize(2);
            assertThat(call.stt.served().get(1).wav().data()).isEqualTo(call.stt.served().get(0).wav().data());
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !call.twilio.isClosed());
            assertThat(call.errors()).isEmpty();
            assertThat(call.record().path("status").asText()).isEqualTo("in-progress");
        }
    }
}
