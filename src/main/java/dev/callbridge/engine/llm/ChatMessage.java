package dev.callbridge.engine.llm;

import java.util.List;
import java.util.Objects;

/** One message of the conversation a {@link ChatModel} answers. */
public sealed interface ChatMessage {

    /** Instructions for the model. */
    record SystemPrompt(String text) implements ChatMessage {
        public SystemPrompt { Objects.requireNonNull(text, "text"); }
    }

    /** What the caller said. */
    record User(String text) implements ChatMessage {
        public User { Objects.requireNonNull(text, "text"); }
    }

    /**
     * What the model said before (for a barge-in: only the words the caller heard), and the tool
     * calls it made in that turn.
     *
     * @param text      may be null when the turn was only tool calls
     * @param toolCalls empty when none
     */
    record Assistant(String text, List<ToolCall> toolCalls) implements ChatMessage {
        public Assistant {
            toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
            if (text == null && toolCalls.isEmpty()) throw new IllegalArgumentException("an assistant message needs text or tool calls");
        }

        public static Assistant text(String text) {
            return new Assistant(Objects.requireNonNull(text, "text"), List.of());
        }
    }

    /** A tool's answer to the call with {@code toolCallId}. */
    record ToolResult(String toolCallId, String content) implements ChatMessage {
        public ToolResult {
            Objects.requireNonNull(toolCallId, "toolCallId");
            Objects.requireNonNull(content, "content");
        }
    }
}
