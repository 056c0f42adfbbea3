package dev.callbridge.rtp;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One RTP packet as far as callbridge cares: the fixed header without CSRCs or extension
 * (parsing skips them, encoding never writes them) and the payload with any padding removed.
 * Unsigned 32-bit fields are held in a {@code long} so they compare and print naturally.
 *
 * <p>The payload array is owned by the packet once constructed; nobody writes to it afterwards.
 */
public record RtpPacket(boolean marker, int payloadType, int sequence, long timestamp, long ssrc, byte[] payload) {
    public static final int HEADER_BYTES = 12;

    public RtpPacket {
        if (payloadType < 0 || payloadType > 127) throw new IllegalArgumentException("payload type must be 0..127: " + payloadType);
        if (sequence < 0 || sequence > 0xFFFF) throw new IllegalArgumentException("sequence must be 0..65535: " + sequence);
        if (timestamp < 0 || timestamp > 0xFFFF_FFFFL) throw new IllegalArgumentException("timestamp must be unsigned 32-bit: " + timestamp);
        if (ssrc < 0 || ssrc > 0xFFFF_FFFFL) throw new IllegalArgumentException("ssrc must be unsigned 32-bit: " + ssrc);
        if (payload == null) throw new IllegalArgumentException("payload is required (may be empty)");
    }

    // A record compares arrays by identity; packets are compared by content in tests and logs.
    @Override
    public boolean equals(Object o) {
        return o instanceof RtpPacket p && marker == p.marker && payloadType == p.payloadType && sequence == p.sequence
                && timestamp == p.timestamp && ssrc == p.ssrc && Arrays.equals(payload, p.payload);
    }

    @Override
    public int hashCode() {
        return ((Boolean.hashCode(marker) * 31 + payloadType) * 31 + sequence) * 31
                + Long.hashCode(timestamp) * 17 + Long.hashCode(ssrc) + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        String head = HexFormat.of().formatHex(payload, 0, Math.min(payload.length, 8));
        return "RtpPacket[pt=" + payloadType + (marker ? " M" : "") + " seq=" + sequence + " ts=" + timestamp
                + " ssrc=" + Long.toHexString(ssrc) + " payload=" + payload.length + "B " + head + (payload.length > 8 ? "…" : "") + "]";
    }
}
