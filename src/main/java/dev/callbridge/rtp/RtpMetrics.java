package dev.callbridge.rtp;

/**
 * What an RTP session counts. Called on the session's event loop for every packet, so
 * implementations must be cheap and must not block; one instance may be shared by sessions
 * on different event loops, so they must also be thread-safe.
 */
public interface RtpMetrics {
    /** A valid RTP packet from the remote (audio, event or other payload type). */
    void packetIn();

    void packetOut();

    /** Frames concealed with silence because their packet was not there in time. */
    void lost(int frames);

    /** A packet that arrived after its turn to play (or jumped too far out of sequence to place). */
    void late();

    /** A packet that arrived before one it follows, and was put back in order. */
    void reordered();

    void duplicate();

    /** A buffered frame dropped to make room: the jitter buffer was full (sender faster than our clock, or a burst), or audio waited too long for a listener. */
    void overflow();

    /** A datagram from an address other than the remote's, once the remote is known. */
    void wrongSource();

    /** A datagram that is not usable RTP: see {@link RtpFormatException.Kind}, or an audio payload that is not one 20 ms frame. */
    void malformed();

    /** An RTCP packet on the RTP port (rtcp-mux); ignored. */
    void rtcp();

    /** Valid RTP with a payload type we do not play (comfort noise, or not the session's audio); ignored. */
    void ignoredPayloadType();

    /** A key press reported to the listener. */
    void dtmf();

    /** Audio dropped on the way out because the send queue was full. */
    void outboundDropped();

    /** How late a packet went out relative to its slot on the 20 ms grid, in nanoseconds (never negative). */
    void pacingDeviation(long nanos);

    RtpMetrics NONE = new RtpMetrics() {
        public void packetIn() {}
        public void packetOut() {}
        public void lost(int frames) {}
        public void late() {}
        public void reordered() {}
        public void duplicate() {}
        public void overflow() {}
        public void wrongSource() {}
        public void malformed() {}
        public void rtcp() {}
        public void ignoredPayloadType() {}
        public void dtmf() {}
        public void outboundDropped() {}
        public void pacingDeviation(long nanos) {}
    };
}
