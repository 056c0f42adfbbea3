package dev.callbridge.api;

/** What the HTTP listener counts about clients that misuse or abandon connections. */
public interface HttpMetrics {
    /**
     * The server closed a connection on its own: {@code idle}, {@code header_timeout},
     * {@code too_large} (after a 413), {@code unanswered_ping} (a WebSocket whose peer is gone).
     */
    void connectionClosed(String reason);

    /**
     * A client went away in the middle of a request or connection: {@code reset} (TCP RST) or
     * {@code closed} (FIN before the request was complete). Counted here and logged at debug only:
     * it is the client's doing and says nothing about the server.
     */
    void clientAborted(String kind);

    HttpMetrics NONE = new HttpMetrics() {
        @Override
        public void connectionClosed(String reason) {}

        @Override
        public void clientAborted(String kind) {}
    };
}
