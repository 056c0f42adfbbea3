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
 * {@code PUT /api/calls/{id}/language} mid-call: the next utterance is transcribed as Spanish and
 * the next answer is asked for in Spanish; what came before stays English.
 */
class PipelineLanguageSwitchReachesSttAndLlmTest {
    @TempDir
    Path dir;

    @Test
    void theNextTranscriptionAndAnswerAreInTheNewLanguage() {
        try (PipelineCall call = new PipelineCall(dir)) {
            call.stt.enqueue(FakeTranscriptions.Reply.text("Do you speak Spanish?"));
            call.llm.enqueue(FakeChatCompletions.Reply.stream(111).text("Yes, I do.").finish("stop"));
            call.tts.enqueue(PipelineCall.voice(112, 300));
            call.say("Do you speak Spanish?", 900);
            call.hearUntilSpeech(2);

            assertThat(call.changeLanguage("es").status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(5)).until(() -> call.record().path("language").asText().equals("es"));

            call.stt.enqueue(FakeTranscriptions.Reply.text("¿A qué hora abren?"));
            call.llm.enqueue(FakeChatCompletions.Reply.stream(113).text("Abrimos a las nueve.").finish("stop"));
            call.tts.enqueue(PipelineCall.voice(114, 300));
            call.say("What time do you open?", 900);
            call.hearUntilSpeech(4);

            assertThat(call.stt.served()).extracting(s -> s.fields().get("language")).containsExactly("en", "es");
            assertThat(system(call, 0)).contains("English (en)");
            assertThat(system(call, 1)).contains("Spanish (es)").doesNotContain("English");
            assertThat(call.speech()).endsWith("caller: ¿A qué hora abren?", "agent: Abrimos a las nueve.");
        }
    }

    private static String system(PipelineCall call, int request) {
        return call.llm.served().get(request).body().path("messages").get(0).path("content").asText();
    }
}
