package dev.callbridge.engine.llm;

/**
 * How a completion ended.
 *
 * @param reason    why the model stopped
 * @param rawReason the server's {@code finish_reason} as sent, or null when it sent none
 * @param usage     token counts, or null when the server did not report them
 */
public record ChatEnd(FinishReason reason, String rawReason, Usage usage) {

    public enum FinishReason {
        /** The answer is complete. */
        STOP,
        /** The model wants tool results before it goes on. */
        TOOL_CALLS,
        /** Cut off at the token limit: the text ends mid-thought. */
        LENGTH,
        /** Withheld by the provider's content filter. */
        CONTENT_FILTER,
        /** A reason this client does not know, or none was sent before the stream's end. */
        OTHER;

        static FinishReason of(String wire) {
            if (wire == null) return OTHER;
            return switch (wire) {
                case "stop" -> STOP;
                // function_call is the deprecated single-function form of the same thing.
                case "tool_calls", "function_call" -> TOOL_CALLS;
                case "length" -> LENGTH;
                case "content_filter" -> CONTENT_FILTER;
                default -> OTHER;
            };
        }
    }

    /** Token counts for the whole request, as the server reported them. */
    public record Usage(int promptTokens, int completionTokens, int totalTokens) {}
}
