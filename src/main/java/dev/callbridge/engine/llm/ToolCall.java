package dev.callbridge.engine.llm;

import dev.callbridge.engine.FunctionTool;
import java.util.Objects;

/**
 * A function call the model made.
 *
 * @param id        the model's id for it; a {@link ChatMessage.ToolResult} answers it by this id
 * @param name      the function's name, as offered in a {@link FunctionTool}
 * @param arguments the arguments as the JSON text the model wrote ({@code "{}"} when it wrote none)
 */
public record ToolCall(String id, String name, String arguments) {
    public ToolCall {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arguments, "arguments");
    }
}
