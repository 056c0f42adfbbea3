package dev.callbridge.asterisk;

/**
 * Text from Asterisk that {@link AriEventCodec} cannot turn into a model: not JSON, or a
 * field an event needs is missing or of the wrong JSON type. The message names the event
 * and the field (e.g. {@code StasisStart: channel.id is missing}).
 */
public final class AriProtocolException extends RuntimeException {

    public AriProtocolException(String message) {
        this(message, null);
    }

    public AriProtocolException(String message, Throwable cause) {
        // No stack trace: this reports bad peer data, not a bug in our code.
        super(message, cause, false, false);
    }
}
