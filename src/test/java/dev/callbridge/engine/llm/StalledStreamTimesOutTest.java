package dev.callbridge.engine.llm;

import dev.callbridge.engine.EngineFailure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.engine.EngineFailure.Kind;
import dev.callbridge.engine.EngineFailure.Engine;
import dev.callbridge.engine.llm.FakeChatCompletions.Reply;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A server that goes quiet, before the first byte or mid-stream, fails the completion as
 * {@link Kind#TIMEOUT} within its limit (not the OS's TCP timeout), and the connection is closed.
 */
class StalledStreamTimesOutTest {
    private static final Duration LIMIT = Duration.ofMillis(400);
    private final ChatModelFixture f = new ChatModelFixture(ChatCompletionsClient.Limits.DEFAULTS.withTimeouts(LIMIT, LIMIT));

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void noFirstByte() throws Exception {
        f.fake.enqueue(Reply.stream(1).withoutRoleChunk().stall());
        EngineFailure e = timedOut();
        assertThat(e.getMessage()).isEqualTo("LLM API: no answer within 400 ms of the request");
    }

    @Test
    void quietMidStream() throws Exception {
        f.fake.enqueue(Reply.stream(2).text("Let me check").stall());
        EngineFailure e = timedOut();
        assertThat(e.getMessage()).startsWith("LLM API: nothing for 400 ms mid-stream after").contains("12 characters of text");
    }

    @Test
    void slowButSteadyIsNotAStall() throws Exception {
        // Each gap is under the limit, the whole answer well over it.
        f.fake.enqueue(Reply.stream(3).text("One").pause(250).text(" two").pause(250).text(" three").pause(250).finish("stop"));
        ChatRecorder r = f.start(ChatModelFixture.hello(), List.of()).recorder();
        r.ended.get(5, TimeUnit.SECONDS);
        assertThat(r.text()).isEqualTo("One two three");
    }

    private EngineFailure timedOut() throws Exception {
        long t0 = System.nanoTime();
        ChatRecorder r = f.start(ChatModelFixture.hello(), List.of()).recorder();
        EngineFailure e = r.failed.get(5, TimeUnit.SECONDS);
        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(tookMs).as("failed after %d ms", tookMs).isBetween(LIMIT.toMillis(), LIMIT.toMillis() + 1500);
        f.fake.served().get(0).connectionClosed().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        return e;
    }
}
