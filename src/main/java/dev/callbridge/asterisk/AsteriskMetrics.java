package dev.callbridge.asterisk;

/** What the Asterisk front door counts about its ARI link, for {@code /metrics}. */
public interface AsteriskMetrics {
    /** The events socket dropped; it reconnects by itself. */
    void ariDisconnected();

    /** An event arrived that could not be read; it was skipped. */
    void ariUnreadable();

    AsteriskMetrics NONE = new AsteriskMetrics() {
        public void ariDisconnected() { }
        public void ariUnreadable() { }
    };
}
