package dev.callbridge.engine.deepgram;

/**
 * A message from Deepgram that {@link ListenCodec} cannot read: not JSON, not an object, no
 * {@code type}, or a known message without the fields it must have. The message names the field.
 */
public final class ListenProtocolException extends Exception {
    public ListenProtocolException(String message) {
        // No stack trace: this reports a peer's bad data, not a bug.
        super(message, null, false, false);
    }
}
