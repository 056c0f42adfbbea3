package dev.callbridge.rtp;

/**
 * An RFC 4733 telephone-event payload (4 bytes): event code, end bit, volume (−dBm0) and the
 * duration so far in RTP timestamp units. Pure decode/encode.
 */
public record TelephoneEvent(int event, boolean end, int volume, int duration) {
    public static final int PAYLOAD_BYTES = 4;
    /** Asterisk's (and most PBXs') payload type for {@code telephone-event/8000}. */
    public static final int DEFAULT_PAYLOAD_TYPE = 101;
    private static final String DIGITS = "0123456789*#ABCD";

    public TelephoneEvent {
        if (event < 0 || event > 255) throw new IllegalArgumentException("event must be 0..255: " + event);
        if (volume < 0 || volume > 63) throw new IllegalArgumentException("volume must be 0..63: " + volume);
        if (duration < 0 || duration > 0xFFFF) throw new IllegalArgumentException("duration must be 0..65535: " + duration);
    }

    /** Reads the first 4 bytes; a longer payload (redundant events) is not used by telephony gear we talk to. */
    public static TelephoneEvent decode(byte[] payload) throws RtpFormatException {
        if (payload.length < PAYLOAD_BYTES) {
            throw new RtpFormatException(RtpFormatException.Kind.TOO_SHORT, "telephone-event of " + payload.length + " bytes, needs 4");
        }
        // The R bit (0x40) is reserved: ignored on receipt.
        return new TelephoneEvent(payload[0] & 0xFF, (payload[1] & 0x80) != 0, payload[1] & 0x3F,
                (payload[2] & 0xFF) << 8 | (payload[3] & 0xFF));
    }

    public byte[] encode() {
        return new byte[] {(byte) event, (byte) ((end ? 0x80 : 0) | volume), (byte) (duration >> 8), (byte) duration};
    }

    /** Events 0..15 are the DTMF keys; 16 (flash) and above are not. */
    public boolean isDtmf() {
        return event < DIGITS.length();
    }

    /** The key: {@code 0-9 * # A-D}. */
    public char digit() {
        if (!isDtmf()) throw new IllegalStateException("event " + event + " is not a DTMF key");
        return DIGITS.charAt(event);
    }

    /** The event code of a DTMF key, for senders and test peers. */
    public static int eventOf(char digit) {
        int event = DIGITS.indexOf(Character.toUpperCase(digit));
        if (event < 0) throw new IllegalArgumentException("not a DTMF key: '" + digit + "'");
        return event;
    }
}
