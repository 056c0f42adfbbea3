package dev.callbridge.twilio;

/** The I/O a {@link TwilioMediaStream} needs from its socket; a test supplies a recording fake. */
interface StreamTransport {
    /**
     * Queues {@code message} for the peer. Returns false, queueing nothing, when the peer has
     * stopped reading: what waits unsent for it is over the transport's bound.
     */
    boolean send(TwilioMessage message);

    /** Closes the socket with a WebSocket status code and a reason the peer and the logs see. */
    void close(int statusCode, String reason);

    /** Runs {@code task} on the stream's context after {@code delayMs}; returns a cancel handle. */
    Runnable schedule(long delayMs, Runnable task);
}
