package dev.callbridge.rtp;

/**
 * A datagram that is not an RTP packet we can use. Checked, so the receive path cannot forget
 * that any datagram off the wire may be garbage; the session counts it and moves on.
 */
public final class RtpFormatException extends Exception {
    public enum Kind {
        /** Shorter than the 12-byte fixed header (or a telephone-event payload shorter than 4 bytes). */
        TOO_SHORT,
        /** Version bits are not 2. */
        BAD_VERSION,
        /** An RTCP packet (second byte 200..204): valid, but not media. */
        RTCP,
        /** The CSRC list runs past the end of the datagram. */
        BAD_CSRC,
        /** The header extension runs past the end of the datagram. */
        BAD_EXTENSION,
        /** The padding count is zero or larger than the payload. */
        BAD_PADDING
    }

    private final Kind kind;

    public RtpFormatException(Kind kind, String message) {
        super(message, null, false, false); // no stack trace: thrown per bad datagram, never debugged by trace
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
