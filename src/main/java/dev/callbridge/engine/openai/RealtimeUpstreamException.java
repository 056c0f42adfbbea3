package dev.callbridge.engine.openai;

/** The Realtime API could not be reached or refused the session; {@code status} 0 means unreachable. */
public final class RealtimeUpstreamException extends RuntimeException {
    private final int status;

    public RealtimeUpstreamException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
