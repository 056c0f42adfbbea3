package dev.callbridge.agent.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.audio.G711;
import dev.callbridge.engine.llm.FakeChatCompletions;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole cascade with nothing remote: FreeTTS speech goes in as a phone sends it, Silero finds
 * the utterance, Sphinx4 with the digits grammar recognises it in process, a scripted stand-in for
 * the text model answers (the only fake: a local LLM server would sit here), and espeak-ng speaks
 * the greeting and the answer. The caller hears speech; the record holds the recognised words.
 */
class PipelineRunsOfflineOnLocalEnginesTest {
    @TempDir
    Path dir;

    @Test
    void spokenDigitsAreRecognisedAnsweredAndSpokenBack() {
        try (PipelineCall call = new PipelineCall(dir, "STT", "sphinx", "STT_GRAMMAR", "digits", "STT_WORKERS", "1",
                "TTS", "espeak", "TTS_VOICE", "", "AGENT_GREETING", "Please say your code.")) {
            call.hearUntilSpeech(1);
            assertThat(call.speech()).containsExactly("agent: Please say your code.");
            int greetingBytes = call.audioBytes();
            assertThat(greetingBytes).as("espeak-ng's greeting, about a second of speech").isBetween(8 * 600, 8 * 4000);

            call.llm.enqueue(FakeChatCompletions.Reply.stream(7).text("Thank you. ", "Your code is four two seven.").finish("stop"));
            call.say("four two seven", 1000);
            await().atMost(Duration.ofSeconds(60)).until(() -> call.llm.served().size() == 1);
            assertThat(call.conversation(0)).containsExactly("system", "assistant: Please say your code.", "user: four two seven");

            call.hearUntilSpeech(3);
            assertThat(call.speech()).containsExactly(
                    "agent: Please say your code.",
                    "caller: four two seven",
                    "agent: Thank you. Your code is four two seven.");
            byte[] all = call.agentAudio();
            byte[] answer = java.util.Arrays.copyOfRange(all, greetingBytes, all.length);
            assertThat(answer.length).as("two sentences of espeak-ng").isGreaterThan(8 * 1500);
            assertThat(rms(answer)).as("speech, not silence").isGreaterThan(500);
        }
    }

    /** Root mean square of μ-law audio, in 16-bit linear units. */
    private static double rms(byte[] ulaw) {
        double sum = 0;
        for (byte b : ulaw) {
            int s = G711.ulawToLinear(b);
            sum += (double) s * s;
        }
        return Math.sqrt(sum / ulaw.length);
    }
}
