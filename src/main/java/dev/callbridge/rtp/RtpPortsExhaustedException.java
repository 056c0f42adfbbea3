package dev.callbridge.rtp;

/** Every port of the {@link RtpPortPool} is taken: the gateway is at its RTP call capacity. */
public final class RtpPortsExhaustedException extends RuntimeException {
    public RtpPortsExhaustedException(String message) {
        super(message);
    }
}
