package dev.callbridge.engine.llm;

import dev.callbridge.engine.FunctionTool;
import java.util.List;

/**
 * A text model that answers a conversation as a stream: messages and tools in; text deltas and
 * complete tool calls out, then one end or one failure. The pipeline agent cuts the deltas into
 * sentences for speech and cancels the stream when the caller barges in.
 *
 * <p>Threading: call {@link #stream} on a Vert.x context (the call's event loop). It never blocks;
 * every {@link ChatListener} callback runs later on that same context, one at a time, so the
 * caller needs no locks. Implementations are shared by all calls.
 */
public interface ChatModel {

    /**
     * Starts one completion.
     *
     * @param messages the conversation so far, oldest first (usually a system message first)
     * @param tools    functions the model may call; empty for none
     * @param listener hears {@code onText}/{@code onToolCall} any number of times, then exactly one of
     *                 {@code onEnd} or {@code onFailure}; nothing at all once the stream is cancelled
     * @return the handle to cancel it with
     * @throws IllegalStateException when not called on a Vert.x context
     */
    ChatStream stream(List<ChatMessage> messages, List<FunctionTool> tools, ChatListener listener);
}
