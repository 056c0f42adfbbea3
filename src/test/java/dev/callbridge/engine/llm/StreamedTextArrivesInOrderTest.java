package dev.callbridge.engine.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Text deltas reach the listener in order and whole, on the context that started the stream,
 * whatever the server varies and however the bytes are cut (20 seeds of the adversarial fake);
 * and the request is the documented one.
 */
class StreamedTextArrivesInOrderTest {
    private final ChatModelFixture f = new ChatModelFixture();

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void textComesInOrderOnTheCallersContextForEverySplitAndVariation() throws Exception {
        String[] pieces = {"Hel", "lo", ", wö", "rld", " 🙂", " — ", "done."};
        for (long seed = 1; seed <= 20; seed++) {
            f.fake.enqueue(FakeChatCompletions.Reply.stream(seed).text(pieces).finish("stop").usage(20, 7));
            ChatRecorder r = f.start(ChatModelFixture.hello(), List.of()).recorder();
            ChatEnd end = r.ended.get(5, TimeUnit.SECONDS);
            assertThat(r.text()).as("seed %d", seed).isEqualTo(String.join("", pieces));
            assertThat(r.timeline).as("seed %d", seed).containsExactly(
                    "text Hel", "text lo", "text , wö", "text rld", "text  🙂", "text  — ", "text done.", "end STOP");
            assertThat(end.reason()).isEqualTo(ChatEnd.FinishReason.STOP);
            assertThat(r.wrongContext).as("a callback off the starting context").isNull();
            assertThat(r.afterTheEnd).isZero();
        }
    }

    @Test
    void theRequestIsAStreamedChatCompletionWithTheBearerKey() throws Exception {
        f.fake.enqueue(FakeChatCompletions.Reply.stream(7).text("Hi").finish("stop"));
        f.start(ChatModelFixture.hello(), List.of()).recorder().ended.get(5, TimeUnit.SECONDS);
        FakeChatCompletions.Served req = f.fake.served().get(0);
        assertThat(req.headers().get("Authorization")).isEqualTo("Bearer " + ChatModelFixture.KEY);
        assertThat(req.headers().get("Content-Type")).isEqualTo("application/json");
        assertThat(req.headers().get("Accept")).isEqualTo("text/event-stream");
        JsonNode body = req.body();
        assertThat(body.path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(body.path("stream").asBoolean()).isTrue();
        assertThat(body.path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(body.has("tools")).as("no tools: no field (OpenAI refuses an empty array)").isFalse();
        assertThat(body.path("messages").toString()).isEqualTo(
                "[{\"role\":\"system\",\"content\":\"You are a phone agent.\"},{\"role\":\"user\",\"content\":\"Hello?\"}]");
    }
}
