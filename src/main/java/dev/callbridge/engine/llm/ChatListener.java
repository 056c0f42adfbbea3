package dev.callbridge.engine.llm;

import dev.callbridge.engine.EngineFailure;

/**
 * What a {@link ChatStream} reports, on the context that started it. Deltas and tool calls come
 * in the order the model produced them; then exactly one {@link #onEnd} or {@link #onFailure}.
 */
public interface ChatListener {
    /** The next piece of the answer's text (never empty). Concatenated in order, they are the whole text. */
    void onText(String delta);

    /**
     * A tool call, complete: its arguments are the whole JSON text the model wrote (which may
     * still be invalid JSON: models make mistakes). Delivered when the model finishes its turn,
     * in the order the model numbered them, before {@link #onEnd}.
     */
    void onToolCall(ToolCall call);

    void onEnd(ChatEnd end);

    /** The completion failed; {@link EngineFailure#kind()} says how, and any text already delivered stays delivered. */
    void onFailure(EngineFailure failure);
}
