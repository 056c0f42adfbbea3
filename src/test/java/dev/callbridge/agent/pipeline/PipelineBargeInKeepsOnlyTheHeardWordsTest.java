package dev.callbridge.agent.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.engine.llm.FakeChatCompletions;
import dev.callbridge.engine.stt.FakeTranscriptions;
import dev.callbridge.engine.tts.FakeSpeechServer;
import dev.callbridge.it.Calls;
import dev.callbridge.it.RawTwilioStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The caller talks over a long answer while the model is still writing it and a sentence is still
 * being synthesized. The leg is cleared once the caller has spoken for {@code BARGE_IN_MIN_MS}, the
 * model's stream and the synthesis in flight are cancelled, and the answer keeps only the words
 * Twilio confirmed as played, by marks: the whole first sentence and a share of the second, though
 * all of it (and part of a third) had long been sent. The next request holds those words as the
 * assistant's message, with nothing appended.
 */
class PipelineBargeInKeepsOnlyTheHeardWordsTest {
    private static final String FIRST = "Our menu has three parts.";
    private static final String SECOND = "First come the starters, all made fresh.";
    /** BARGE_IN_MIN_MS's default, plus three 32 ms Silero windows: the VAD decides a window after the audio that tips it. */
    private static final int CLEARED_WITHIN_MS = 400 + 3 * 32;

    @TempDir
    Path dir;

    @Test
    void theLegIsClearedTheStreamsCancelledAndOnlyTheHeardWordsKept() {
        try (PipelineCall call = new PipelineCall(dir)) {
            call.stt.enqueue(FakeTranscriptions.Reply.text(" Tell me about your menu."));
            call.llm.enqueue(FakeChatCompletions.Reply.stream(21).text("Our menu has three ", "parts. First come", " the starters, all made fresh. ")
                    .pause(30).text("Then come the mains. ").stall());
            call.tts.enqueue(PipelineCall.voice(22, 1000)).enqueue(PipelineCall.voice(23, 1000))
                    .enqueue(FakeSpeechServer.Reply.pcm(24).millis(400).stall());
            call.say("Tell me about your menu.", 900);

            // Both whole sentences are out (20 tags of 100 ms) and the third is being synthesized, stalled.
            await().atMost(Duration.ofSeconds(20)).until(() -> call.tts.served().size() == 3
                    && call.markPositions().stream().anyMatch(m -> m.audioMs() >= 2000));
            // Twilio has played one and a half sentences: it confirms the marks up to there, no further.
            List<PipelineCall.Mark> marks = call.markPositions();
            PipelineCall.Mark lastHeard = marks.stream().filter(m -> m.audioMs() <= 1580).reduce((a, b) -> b).orElseThrow();
            assertThat(lastHeard.audioMs()).isGreaterThan(1400);
            call.hearThrough(lastHeard);
            String heard = heardWords(lastHeard.audioMs());

            call.stt.enqueue(FakeTranscriptions.Reply.text("Wait, do you have vegan options?"));
            call.llm.enqueue(FakeChatCompletions.Reply.stream(25).text("Yes, ", "two of them.").finish("stop"));
            call.tts.enqueue(PipelineCall.voice(26, 300));
            byte[] words = PipelineCall.speech("Wait, do you have vegan options?");
            int speechStartsAt = PipelineCall.onsetMillis(words);
            // Only this much of the caller's speech reaches the gateway until the leg is cleared: stream time, not the clock.
            int sentBefore = (speechStartsAt + CLEARED_WITHIN_MS) * 8;
            call.send(Arrays.copyOf(words, sentBefore));
            await().atMost(Duration.ofSeconds(10)).until(() -> call.clears() == 1);

            // As Twilio does after a clear, the marks of the audio it dropped come back: they were not heard.
            call.hearAll();
            await().atMost(Duration.ofSeconds(10)).until(() -> call.llm.served().get(0).connectionClosed().isComplete());
            await().atMost(Duration.ofSeconds(10)).until(() -> call.tts.served().get(2).connectionClosed().isComplete());
            await().atMost(Duration.ofSeconds(10)).until(() -> call.speech().contains("agent: " + heard + " [cut]"));

            call.send(Arrays.copyOfRange(words, sentBefore, words.length));
            call.silence(900);
            await().atMost(Duration.ofSeconds(20)).until(() -> call.llm.served().size() == 2);
            JsonNode messages = call.llm.served().get(1).body().path("messages");
            assertThat(messages).extracting(m -> m.path("role").asText() + ": " + m.path("content").asText()).containsExactly(
                    "system: " + messages.get(0).path("content").asText(),
                    "user: Tell me about your menu.",
                    "assistant: " + heard,
                    "user: Wait, do you have vegan options?");

            call.hearUntilSpeech(4);
            assertThat(call.speech()).containsExactly(
                    "caller: Tell me about your menu.",
                    "agent: " + heard + " [cut]",
                    "caller: Wait, do you have vegan options?",
                    "agent: Yes, two of them.");
            assertThat(call.clears()).isEqualTo(1);

            call.twilio.stop(999, RawTwilioStream.STREAM_SID);
            assertThat(Calls.awaitStatus(call.gw, call.callId, "completed").path("stats").path("bargeIns").asInt()).isEqualTo(1);
        }
    }

    /** The first sentence (1000 ms of audio) in full, then the second's words in proportion to its heard audio. */
    private static String heardWords(long heardMs) {
        String[] second = SECOND.split(" ");
        int share = (int) ((heardMs - 1000) * second.length / 1000);
        assertThat(share).as("part of the second sentence, not all of it").isBetween(1, second.length - 1);
        return FIRST + " " + String.join(" ", Arrays.copyOf(second, share));
    }
}
