package dev.callbridge.engine.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.callbridge.engine.FunctionTool;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Tool calls streamed as {@code delta.tool_calls[i]} pieces (id and name in the first, arguments
 * in fragments, several calls interleaved by index) come out whole, in index order, before the
 * end; tools and earlier tool turns go up in the documented shapes.
 */
class ToolCallsAssembledFromFragmentsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ChatModelFixture f = new ChatModelFixture();

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void oneCallFromFragments() throws Exception {
        for (long seed = 1; seed <= 10; seed++) {
            f.fake.enqueue(FakeChatCompletions.Reply.stream(seed).toolStart(0, "call_a1", "lookup_order")
                    .toolArgs(0, "{\"order").toolArgs(0, "_number\":").toolArgs(0, "\"A-12\"}").finish("tool_calls").usage(50, 9));
            ChatRecorder r = f.start(ChatModelFixture.hello(), List.of(lookupOrder())).recorder();
            ChatEnd end = r.ended.get(5, TimeUnit.SECONDS);
            assertThat(r.timeline).as("seed %d", seed)
                    .containsExactly("tool call_a1 lookup_order {\"order_number\":\"A-12\"}", "end TOOL_CALLS");
            assertThat(end.rawReason()).isEqualTo("tool_calls");
        }
    }

    @Test
    void severalCallsInterleavedByIndexComeOutInIndexOrderAfterTheText() throws Exception {
        for (long seed = 1; seed <= 10; seed++) {
            f.fake.enqueue(FakeChatCompletions.Reply.stream(seed).text("One moment.")
                    .toolStart(0, "call_0", "lookup_order").toolStart(1, "call_1", "send_dtmf")
                    .toolArgs(1, "{\"dig").toolArgs(0, "{\"order_number\":").toolArgs(1, "its\":\"12#\"}")
                    .toolArgs(0, "\"B-7\"}").toolStart(2, "call_2", "end_call").finish("tool_calls"));
            ChatRecorder r = f.start(ChatModelFixture.hello(), List.of(lookupOrder())).recorder();
            r.ended.get(5, TimeUnit.SECONDS);
            assertThat(r.timeline).as("seed %d", seed).containsExactly(
                    "text One moment.",
                    "tool call_0 lookup_order {\"order_number\":\"B-7\"}",
                    "tool call_1 send_dtmf {\"digits\":\"12#\"}",
                    "tool call_2 end_call {}",
                    "end TOOL_CALLS");
        }
    }

    @Test
    void toolsAndAnEarlierToolTurnGoUpInTheDocumentedShape() throws Exception {
        f.fake.enqueue(FakeChatCompletions.Reply.stream(3).text("It ships today.").finish("stop"));
        ToolCall earlier = new ToolCall("call_9", "lookup_order", "{\"order_number\":\"A-12\"}");
        List<ChatMessage> history = List.of(new ChatMessage.SystemPrompt("Be brief."), new ChatMessage.User("Where is A-12?"),
                new ChatMessage.Assistant(null, List.of(earlier)), new ChatMessage.ToolResult("call_9", "{\"status\":\"packed\"}"));
        f.start(history, List.of(lookupOrder())).recorder().ended.get(5, TimeUnit.SECONDS);
        var body = f.fake.served().get(0).body();
        assertThat(body.path("messages").get(2).toString()).isEqualTo("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":"
                + "[{\"id\":\"call_9\",\"type\":\"function\",\"function\":{\"name\":\"lookup_order\",\"arguments\":\"{\\\"order_number\\\":\\\"A-12\\\"}\"}}]}");
        assertThat(body.path("messages").get(3).toString())
                .isEqualTo("{\"role\":\"tool\",\"tool_call_id\":\"call_9\",\"content\":\"{\\\"status\\\":\\\"packed\\\"}\"}");
        assertThat(body.path("tools").toString()).isEqualTo("[{\"type\":\"function\",\"function\":{\"name\":\"lookup_order\","
                + "\"description\":\"Find an order by its number\",\"parameters\":{\"type\":\"object\",\"properties\":"
                + "{\"order_number\":{\"type\":\"string\"}},\"required\":[\"order_number\"]}}}]");
    }

    private static FunctionTool lookupOrder() throws Exception {
        return new FunctionTool("lookup_order", "Find an order by its number", JSON.readTree(
                "{\"type\":\"object\",\"properties\":{\"order_number\":{\"type\":\"string\"}},\"required\":[\"order_number\"]}"));
    }
}
