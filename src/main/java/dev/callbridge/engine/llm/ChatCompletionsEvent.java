package dev.callbridge.engine.llm;

/** What {@link ChatCompletionsDecoder} reads out of the stream, in order. */
public sealed interface ChatCompletionsEvent {
    record Text(String delta) implements ChatCompletionsEvent {}

    record ToolCallReady(ToolCall call) implements ChatCompletionsEvent {}

    /** The stream is complete; nothing follows. */
    record End(ChatEnd end) implements ChatCompletionsEvent {}

    /** The server put an {@code error} object into the stream; nothing follows. Fields may be null. */
    record ServerError(String message, String type, String code) implements ChatCompletionsEvent {}
}
