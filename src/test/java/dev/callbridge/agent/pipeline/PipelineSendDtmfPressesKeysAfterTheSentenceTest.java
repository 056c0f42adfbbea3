package dev.callbridge.agent.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.audio.DtmfTones;
import dev.callbridge.engine.llm.FakeChatCompletions;
import dev.callbridge.engine.stt.FakeTranscriptions;
import dev.callbridge.engine.tts.FakeSpeechServer;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model says it will press keys and calls {@code send_dtmf} in the same answer, before the
 * sentence is even synthesized (the speech server is slow). The tones go to the Twilio leg in band,
 * whole and after the sentence, not through it; the next request carries the call and its result.
 */
class PipelineSendDtmfPressesKeysAfterTheSentenceTest {
    @TempDir
    Path dir;

    @Test
    void theTonesFollowTheSpokenSentenceAndTheModelGetsTheResult() {
        try (PipelineCall call = new PipelineCall(dir)) {
            call.stt.enqueue(FakeTranscriptions.Reply.text("Press one two hash for me."));
            call.llm.enqueue(FakeChatCompletions.Reply.stream(51).text("Pressing them now.")
                    .toolStart(0, "call_dtmf1", "send_dtmf").toolArgs(0, "{\"dig").toolArgs(0, "its\":\"12#\"}").finish("tool_calls"));
            call.llm.enqueue(FakeChatCompletions.Reply.stream(52).text("Done.").finish("stop"));
            call.tts.enqueue(FakeSpeechServer.Reply.pcm(53).millis(200).pause(400).millis(200))
                    .enqueue(PipelineCall.voice(54, 200));
            call.say("Press one two hash for me.", 900);

            await().atMost(Duration.ofSeconds(20)).until(() -> call.llm.served().size() == 2);
            assertThat(call.conversation(1)).containsExactly(
                    "system",
                    "user: Press one two hash for me.",
                    "assistant: Pressing them now. +call call_dtmf1 send_dtmf({\"digits\":\"12#\"})",
                    "tool call_dtmf1: {\"status\":\"sent\",\"digits\":\"12#\"}");
            call.hearUntilSpeech(2);

            ByteArrayOutputStream tones = new ByteArrayOutputStream();
            for (byte[] frame : DtmfTones.ulawFrames("12#")) tones.writeBytes(frame);
            byte[] sent = call.agentAudio();
            assertThat(indexOf(sent, tones.toByteArray())).as("the tones, whole, right after the 400 ms sentence").isEqualTo(400 * 8);
            assertThat(sent.length).as("then the 200 ms answer").isEqualTo(400 * 8 + tones.size() + 200 * 8);
            assertThat(call.speech()).containsExactly("caller: Press one two hash for me.", "agent: Pressing them now.", "agent: Done.");
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
