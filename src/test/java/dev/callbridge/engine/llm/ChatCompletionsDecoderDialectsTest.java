package dev.callbridge.engine.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callbridge.engine.llm.ChatCompletionsEvent.End;
import dev.callbridge.engine.llm.ChatCompletionsEvent.ServerError;
import dev.callbridge.engine.llm.ChatCompletionsEvent.Text;
import dev.callbridge.engine.llm.ChatCompletionsEvent.ToolCallReady;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decoder reads the event-stream dialects servers actually send, and refuses what it cannot read. */
class ChatCompletionsDecoderDialectsTest {

    static List<ChatCompletionsEvent> decode(String body) {
        ChatCompletionsDecoder d = new ChatCompletionsDecoder(1 << 20, 1 << 24);
        List<ChatCompletionsEvent> out = new ArrayList<>();
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        d.feed(b, 0, b.length, out);
        d.end(out);
        return out;
    }

    private static String text(String s) {
        return "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + s + "\"},\"finish_reason\":null}]}";
    }

    private static final String STOP = "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}";

    @Test
    void lineEndingsSpacesCommentsAndBom() {
        List<ChatCompletionsEvent> expected = List.of(new Text("a"), new Text("b"),
                new End(new ChatEnd(ChatEnd.FinishReason.STOP, "stop", null)));
        assertThat(decode("data: " + text("a") + "\n\ndata: " + text("b") + "\n\ndata: " + STOP + "\n\ndata: [DONE]\n\n")).isEqualTo(expected);
        assertThat(decode("data:" + text("a") + "\r\n\r\ndata:" + text("b") + "\r\n\r\ndata:" + STOP + "\r\n\r\ndata:[DONE]\r\n\r\n")).isEqualTo(expected);
        assertThat(decode("data: " + text("a") + "\r\rdata: " + text("b") + "\r\rdata: " + STOP + "\r\rdata: [DONE]\r\r")).isEqualTo(expected);
        assertThat(decode("\uFEFF: OPENROUTER PROCESSING\n\nid: 1\nevent: message\nretry: 3000\ndata: " + text("a")
                + "\n\n: keep-alive\n\ndata: " + text("b") + "\n\ndata: " + STOP + "\n\ndata: [DONE]")).isEqualTo(expected);
    }

    @Test
    void multiLineDataIsOneChunk() {
        assertThat(decode("data: {\"choices\":\ndata: [{\"index\":0,\"delta\":{\"content\":\"x\"}}]}\n\n"))
                .containsExactly(new Text("x"));
    }

    @Test
    void roleOnlyNullContentEmptyChoicesAndOtherChoicesAreQuiet() {
        assertThat(decode("data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n"
                + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":null}}],\"usage\":null}\n\n"
                + "data: {\"choices\":[{\"index\":1,\"delta\":{\"content\":\"not ours\"}}]}\n\n"
                + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":0,\"total_tokens\":3}}\n\n"
                + "data: [DONE]\n\n"))
                .containsExactly(new End(new ChatEnd(ChatEnd.FinishReason.OTHER, null, new ChatEnd.Usage(3, 0, 3))));
    }

    @Test
    void wholeToolCallsInOnePieceAndPiecesWithoutIndex() {
        // Ollama sends a call whole, arguments sometimes as an object; some servers leave out the index.
        assertThat(decode("data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"id\":\"call_x\",\"function\":{\"name\":\"f\",\"arguments\":{\"a\":1}}},"
                + "{\"id\":\"call_y\",\"function\":{\"name\":\"g\",\"arguments\":\"{}\"}}]}}]}\n\n"
                + "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\ndata: [DONE]\n\n"))
                .containsExactly(new ToolCallReady(new ToolCall("call_x", "f", "{\"a\":1}")),
                        new ToolCallReady(new ToolCall("call_y", "g", "{}")),
                        new End(new ChatEnd(ChatEnd.FinishReason.TOOL_CALLS, "tool_calls", null)));
    }

    @Test
    void errorsInTheStream() {
        assertThat(decode("data: {\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\",\"code\":\"overloaded\"}}\n\n" + "data: " + text("ignored") + "\n\n"))
                .containsExactly(new ServerError("overloaded", "server_error", "overloaded"));
        assertThat(decode("event: error\ndata: {\"message\":\"odd\"}\n\n")).containsExactly(new ServerError(null, null, null));
    }

    @Test
    void unreadableInputIsAProtocolException() {
        assertThatThrownBy(() -> decode("data: nope\n\n")).isInstanceOf(ChatProtocolException.class).hasMessage("chunk 1: not JSON (JsonParseException)");
        assertThatThrownBy(() -> decode("data: []\n\n")).isInstanceOf(ChatProtocolException.class).hasMessage("chunk 1: not a JSON object");
        assertThatThrownBy(() -> decode("data: {\"choices\":[{\"delta\":{\"content\":5}}]}\n\n")).isInstanceOf(ChatProtocolException.class)
                .hasMessage("chunk 1: delta.content is not a string");
        assertThatThrownBy(() -> decode("data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{}\"}}]},"
                + "\"finish_reason\":\"tool_calls\"}]}\n\n")).isInstanceOf(ChatProtocolException.class).hasMessage("chunk 1: tool call 0 has no function name");
        ChatCompletionsDecoder small = new ChatCompletionsDecoder(64, 1000);
        byte[] longLine = ("data: " + "x".repeat(100)).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> small.feed(longLine, 0, longLine.length, new ArrayList<>())).isInstanceOf(ChatProtocolException.class)
                .hasMessageContaining("over 64 bytes");
        ChatCompletionsDecoder tiny = new ChatCompletionsDecoder(64, 100);
        byte[] comments = ": keep-alive\n".repeat(10).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> tiny.feed(comments, 0, comments.length, new ArrayList<>())).isInstanceOf(ChatProtocolException.class)
                .hasMessageStartingWith("response body over 100 bytes");
    }
}
