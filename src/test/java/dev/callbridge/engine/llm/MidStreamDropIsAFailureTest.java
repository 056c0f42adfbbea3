package dev.callbridge.engine.llm;

import dev.callbridge.engine.EngineFailure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.engine.EngineFailure.Kind;
import dev.callbridge.engine.EngineFailure.Engine;
import dev.callbridge.engine.llm.FakeChatCompletions.Reply;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A stream that breaks before its end (the connection dropped, or the body ended without a
 * finish) fails as {@link Kind#DROPPED} after the text that did arrive, and the failure says
 * what had arrived; tool calls still in pieces are not handed out.
 */
class MidStreamDropIsAFailureTest {
    private final ChatModelFixture f = new ChatModelFixture();

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void aDroppedConnectionFailsAfterTheTextThatArrived() throws Exception {
        for (long seed = 1; seed <= 5; seed++) {
            f.fake.enqueue(Reply.stream(seed).text("Your order", " is on").drop());
            ChatRecorder r = f.start(ChatModelFixture.hello(), List.of()).recorder();
            EngineFailure e = r.failed.get(5, TimeUnit.SECONDS);
            assertThat(e.kind()).isEqualTo(Kind.DROPPED);
            assertThat(r.text()).isEqualTo("Your order is on");
            assertThat(e.getMessage()).contains("16 characters of text").contains("no finish_reason");
            assertThat(r.afterTheEnd).isZero();
        }
    }

    @Test
    void aBodyEndingWithoutAFinishIsADrop() throws Exception {
        f.fake.enqueue(Reply.stream(6).text("Let me").toolStart(0, "call_1", "lookup_order").toolArgs(0, "{\"order").withoutDone());
        ChatRecorder r = f.start(ChatModelFixture.hello(), List.of()).recorder();
        EngineFailure e = r.failed.get(5, TimeUnit.SECONDS);
        assertThat(e.kind()).isEqualTo(Kind.DROPPED);
        assertThat(e.getMessage()).contains("ended without [DONE]").contains("1 tool call unfinished");
        assertThat(r.timeline).containsExactly("text Let me", "failure DROPPED");
    }

    @Test
    void anErrorObjectInTheStreamIsAStreamError() throws Exception {
        f.fake.enqueue(Reply.stream(7).text("Hi").streamError("The server had an error while processing your request.", "server_error"));
        ChatRecorder r = f.start(ChatModelFixture.hello(), List.of()).recorder();
        EngineFailure e = r.failed.get(5, TimeUnit.SECONDS);
        assertThat(e.kind()).isEqualTo(Kind.STREAM_ERROR);
        assertThat(e.serverMessage()).isEqualTo("The server had an error while processing your request.");
        assertThat(e.errorType()).isEqualTo("server_error");
        assertThat(r.timeline).containsExactly("text Hi", "failure STREAM_ERROR");
    }

    @Test
    void garbageInTheStreamIsAProtocolFailure() throws Exception {
        f.fake.enqueue(Reply.stream(8).text("Hi").data("{\"choices\":[{\"index\":0,\"delta\":{\"content\":"));
        ChatRecorder r = f.start(ChatModelFixture.hello(), List.of()).recorder();
        EngineFailure e = r.failed.get(5, TimeUnit.SECONDS);
        assertThat(e.kind()).isEqualTo(Kind.PROTOCOL);
        assertThat(e.getMessage()).contains("not JSON");
    }
}
