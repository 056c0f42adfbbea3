package dev.callbridge.twilio;

/** What a media stream counts. Implementations must be cheap: these run per frame on the media path. */
public interface MediaStreamMetrics {
    void frameIn();

    void frameOut();

    void frameDropped(String reason);

    void protocolError(MediaProtocolError kind);

    /** A peer was disconnected for not keeping up (e.g. {@code send_backlog}); its call ends. */
    void peerCutOff(String reason);
}
