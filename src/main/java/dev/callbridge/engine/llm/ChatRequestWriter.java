package dev.callbridge.engine.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.callbridge.engine.FunctionTool;
import java.util.List;

/** The JSON body of {@code POST /chat/completions} for a streamed completion. Pure. */
final class ChatRequestWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ChatRequestWriter() {}

    /**
     * @param includeUsage ask for the final usage chunk ({@code stream_options}); some compatible
     *                     servers refuse the whole request over that field, so it is a setting
     */
    static byte[] write(String model, boolean includeUsage, List<ChatMessage> messages, List<FunctionTool> tools) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", model);
        body.put("stream", true);
        if (includeUsage) body.putObject("stream_options").put("include_usage", true);
        ArrayNode out = body.putArray("messages");
        for (ChatMessage m : messages) {
            ObjectNode o = out.addObject();
            switch (m) {
                case ChatMessage.SystemPrompt s -> o.put("role", "system").put("content", s.text());
                case ChatMessage.User u -> o.put("role", "user").put("content", u.text());
                case ChatMessage.Assistant a -> {
                    o.put("role", "assistant");
                    if (a.text() == null) o.putNull("content");
                    else o.put("content", a.text());
                    if (!a.toolCalls().isEmpty()) {
                        ArrayNode calls = o.putArray("tool_calls");
                        for (ToolCall c : a.toolCalls()) {
                            ObjectNode call = calls.addObject().put("id", c.id()).put("type", "function");
                            call.putObject("function").put("name", c.name()).put("arguments", c.arguments());
                        }
                    }
                }
                case ChatMessage.ToolResult t -> o.put("role", "tool").put("tool_call_id", t.toolCallId()).put("content", t.content());
            }
        }
        // OpenAI refuses an empty tools array; no tools means no field.
        if (!tools.isEmpty()) {
            ArrayNode defs = body.putArray("tools");
            for (FunctionTool t : tools) {
                ObjectNode function = defs.addObject().put("type", "function").putObject("function");
                function.put("name", t.name());
                if (t.description() != null) function.put("description", t.description());
                function.set("parameters", t.parameters());
            }
        }
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree failed to serialize", e);
        }
    }
}
