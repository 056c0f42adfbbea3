package dev.callbridge.engine.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.engine.llm.FakeChatCompletions.Reply;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A barge-in cancels the completion mid-stream: the server sees its connection closed, and the
 * listener hears nothing after the cancel, not the rest of the text, not an end, not a failure.
 */
class CancelMidStreamTest {
    private final ChatModelFixture f = new ChatModelFixture();

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void cancelInsideTheFirstDeltaStopsEverythingAfterIt() throws Exception {
        for (long seed = 1; seed <= 5; seed++) {
            // The rest is written without a pause, often in the same read as the first piece.
            f.fake.enqueue(Reply.stream(seed).text("First", " second", " third").pause(300).text(" fourth").finish("stop").usage(5, 4));
            CompletableFuture<ChatStream> handle = new CompletableFuture<>();
            ChatRecorder r = new ChatRecorder();
            r.expected = f.context;
            r.onEachText = () -> handle.join().cancel();
            f.context.runOnContext(v -> handle.complete(f.client.stream(ChatModelFixture.hello(), List.of(), r)));
            int nth = (int) seed - 1;
            await().atMost(Duration.ofSeconds(5)).until(() -> f.fake.served().size() > nth);
            f.fake.served().get(nth).connectionClosed().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            // Past the point where the fake would have written the rest: still only the first delta.
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> r.timeline.size() == 1);
            assertThat(r.timeline).as("seed %d", seed).containsExactly("text First");
        }
    }

    @Test
    void cancelFromOutsideTheContextAlsoClosesTheConnection() throws Exception {
        f.fake.enqueue(Reply.stream(9).text("Hello").pause(5000).text(" there").finish("stop"));
        ChatModelFixture.Started s = f.start(ChatModelFixture.hello(), List.of());
        await().atMost(Duration.ofSeconds(5)).until(() -> s.recorder().text().equals("Hello"));
        s.stream().cancel();
        s.stream().cancel();
        f.fake.served().get(0).connectionClosed().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> s.recorder().timeline.size() == 1);
        assertThat(s.recorder().ended).isNotDone();
        assertThat(s.recorder().failed).isNotDone();
    }
}
