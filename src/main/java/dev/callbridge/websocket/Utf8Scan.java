package dev.callbridge.websocket;

import io.netty.buffer.ByteBuf;

/**
 * Checks that a text message is well-formed UTF-8, fragment by fragment (a character may be split
 * between frames). Eight bytes at a time while they are ASCII, as Twilio's JSON always is; a
 * byte at a time through Hoehrmann's DFA from the first byte that is not. One per socket.
 */
final class Utf8Scan {
    static final int ACCEPT = 0;
    static final int REJECT = 12;

    private static final byte[] TYPES = new byte[256];
    private static final byte[] STATES = {
            0, 12, 24, 36, 60, 96, 84, 12, 12, 12, 48, 72,
            12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12,
            12, 0, 12, 12, 12, 12, 12, 0, 12, 0, 12, 12,
            12, 24, 12, 12, 12, 12, 12, 24, 12, 24, 12, 12,
            12, 12, 12, 12, 12, 12, 12, 24, 12, 12, 12, 12,
            12, 24, 12, 12, 12, 12, 12, 12, 12, 24, 12, 12,
            12, 12, 12, 12, 12, 12, 12, 36, 12, 36, 12, 12,
            12, 36, 12, 12, 12, 12, 12, 36, 12, 36, 12, 12,
            12, 36, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12};

    static {
        fill(0x80, 0x8f, 1);
        fill(0x90, 0x9f, 9);
        fill(0xa0, 0xbf, 7);
        fill(0xc0, 0xc1, 8);
        fill(0xc2, 0xdf, 2);
        fill(0xe0, 0xe0, 10);
        fill(0xe1, 0xec, 3);
        fill(0xed, 0xed, 4);
        fill(0xee, 0xef, 3);
        fill(0xf0, 0xf0, 11);
        fill(0xf1, 0xf3, 6);
        fill(0xf4, 0xf4, 5);
        fill(0xf5, 0xff, 8);
    }

    private static void fill(int from, int to, int type) {
        for (int b = from; b <= to; b++) TYPES[b] = (byte) type;
    }

    private int state = ACCEPT;

    /** Starts a new message. */
    void reset() {
        state = ACCEPT;
    }

    /** Reads the readable bytes of {@code buf} (not moving its reader index); false once the message cannot be UTF-8. */
    boolean update(ByteBuf buf) {
        int i = buf.readerIndex();
        int end = buf.writerIndex();
        while (i < end) {
            if (state == ACCEPT && i + 8 <= end && (buf.getLong(i) & 0x8080808080808080L) == 0) {
                i += 8;
                continue;
            }
            state = STATES[state + TYPES[buf.getByte(i++) & 0xff]];
            if (state == REJECT) return false;
        }
        return true;
    }

    /** True when the bytes so far end on a character boundary: the message may end here. */
    boolean complete() {
        return state == ACCEPT;
    }
}
