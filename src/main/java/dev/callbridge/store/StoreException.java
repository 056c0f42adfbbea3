package dev.callbridge.store;

/**
 * The database could not be reached, refused an operation, or is misconfigured. Unchecked so it
 * passes through {@link dev.callbridge.call.CallStore}'s signatures; the API answers it with 503.
 */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
