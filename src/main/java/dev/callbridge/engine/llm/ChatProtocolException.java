package dev.callbridge.engine.llm;

/**
 * The byte stream is not a chat-completions event stream this client can read. The only exception
 * {@link ChatCompletionsDecoder} throws for bad input; the message says what and where (e.g.
 * {@code chunk 3: not JSON}). No stack trace: this reports peer data, not a bug.
 */
public final class ChatProtocolException extends RuntimeException {
    public ChatProtocolException(String message) {
        super(message, null, false, false);
    }
}
