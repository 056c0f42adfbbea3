package dev.callbridge.rtp;

import java.util.Arrays;

/**
 * RTP header parse and encode (RFC 3550 §5.1). Pure: no I/O, no state, so any byte sequence
 * can be thrown at {@link #parse} and the only possible failure is an {@link RtpFormatException}.
 */
public final class RtpCodec {
    private static final int VERSION = 2;

    private RtpCodec() {}

    /**
     * Reads the first {@code length} bytes of {@code datagram}. CSRCs and a header extension are
     * skipped (we never need them, but the payload offset depends on them); padding is removed.
     *
     * @throws IllegalArgumentException if {@code length} is outside the array (a caller bug, not bad input)
     */
    public static RtpPacket parse(byte[] datagram, int length) throws RtpFormatException {
        if (length < 0 || length > datagram.length) {
            throw new IllegalArgumentException("length " + length + " outside a " + datagram.length + "-byte array");
        }
        if (length < RtpPacket.HEADER_BYTES) {
            throw new RtpFormatException(RtpFormatException.Kind.TOO_SHORT, length + " bytes, the RTP header alone is 12");
        }
        int b0 = datagram[0] & 0xFF;
        int b1 = datagram[1] & 0xFF;
        if (b0 >> 6 != VERSION) throw new RtpFormatException(RtpFormatException.Kind.BAD_VERSION, "version " + (b0 >> 6));
        // RTCP shares the port under rtcp-mux and always has version 2; its packet types 200..204
        // sit where an RTP marker + PT 72..76 would, which telephony never uses (RFC 5761 §4).
        if (b1 >= 200 && b1 <= 204) throw new RtpFormatException(RtpFormatException.Kind.RTCP, "RTCP packet type " + b1);

        int offset = RtpPacket.HEADER_BYTES + 4 * (b0 & 0x0F);
        if (offset > length) {
            throw new RtpFormatException(RtpFormatException.Kind.BAD_CSRC, (b0 & 0x0F) + " CSRCs do not fit in " + length + " bytes");
        }
        if ((b0 & 0x10) != 0) {
            if (offset + 4 > length) throw new RtpFormatException(RtpFormatException.Kind.BAD_EXTENSION, "extension header cut off");
            int words = u16(datagram, offset + 2);
            offset += 4 + 4 * words;
            if (offset > length) {
                throw new RtpFormatException(RtpFormatException.Kind.BAD_EXTENSION, "extension of " + words + " words does not fit in " + length + " bytes");
            }
        }
        int end = length;
        if ((b0 & 0x20) != 0) {
            int pad = end > offset ? datagram[end - 1] & 0xFF : 0;
            if (pad == 0 || pad > end - offset) {
                throw new RtpFormatException(RtpFormatException.Kind.BAD_PADDING, "padding of " + pad + " with " + (end - offset) + " bytes after the header");
            }
            end -= pad;
        }
        return new RtpPacket((b1 & 0x80) != 0, b1 & 0x7F, u16(datagram, 2), u32(datagram, 4), u32(datagram, 8),
                Arrays.copyOfRange(datagram, offset, end));
    }

    public static RtpPacket parse(byte[] datagram) throws RtpFormatException {
        return parse(datagram, datagram.length);
    }

    /** The packet as a datagram: 12-byte header (no CSRCs, no extension, no padding) and the payload. */
    public static byte[] encode(RtpPacket packet) {
        byte[] payload = packet.payload();
        byte[] out = new byte[RtpPacket.HEADER_BYTES + payload.length];
        out[0] = (byte) (VERSION << 6);
        out[1] = (byte) ((packet.marker() ? 0x80 : 0) | packet.payloadType());
        out[2] = (byte) (packet.sequence() >> 8);
        out[3] = (byte) packet.sequence();
        putU32(out, 4, packet.timestamp());
        putU32(out, 8, packet.ssrc());
        System.arraycopy(payload, 0, out, RtpPacket.HEADER_BYTES, payload.length);
        return out;
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
    }

    private static long u32(byte[] b, int at) {
        return (long) u16(b, at) << 16 | u16(b, at + 2);
    }

    private static void putU32(byte[] b, int at, long v) {
        b[at] = (byte) (v >> 24);
        b[at + 1] = (byte) (v >> 16);
        b[at + 2] = (byte) (v >> 8);
        b[at + 3] = (byte) v;
    }
}
