package dev.callbridge.rtp;

/**
 * 16-bit RTP sequence numbers to a 64-bit count that keeps growing across wraps (RFC 3550
 * Appendix A.1, without the probation: a new SSRC resets the owner, and one source is trusted
 * from its first packet). A packet up to {@link #MAX_DROPOUT} ahead of the highest seen is taken
 * as in order, one up to {@link #MAX_MISORDER} behind as reordered or duplicate; anything else is
 * a jump that is only believed once the packet after it follows (a sender restart).
 */
final class SequenceExtender {
    static final int MAX_DROPOUT = 3000;
    static final int MAX_MISORDER = 100;
    /** What {@link #extend} returns for a jump not confirmed yet. */
    static final long UNTRUSTED = -1;
    private static final long CYCLE = 1L << 16;

    private boolean started;
    private int maxSeq;
    // Starts one cycle up so a packet reordered before the very first one still extends to >= 0.
    private long cycles;
    private int badSeq = -1;
    private boolean restarted;

    /** The extended sequence number, or {@link #UNTRUSTED}. */
    long extend(int seq) {
        restarted = false;
        if (!started) {
            start(seq);
            return cycles + seq;
        }
        int ahead = (seq - maxSeq) & 0xFFFF;
        if (ahead < MAX_DROPOUT) {
            if (seq < maxSeq) cycles += CYCLE;
            maxSeq = seq;
            badSeq = -1;
            return cycles + seq;
        }
        if (ahead <= CYCLE - MAX_MISORDER) {
            if (seq == badSeq) {
                start(seq);
                restarted = true;
                return cycles + seq;
            }
            badSeq = (seq + 1) & 0xFFFF;
            return UNTRUSTED;
        }
        return (seq > maxSeq ? cycles - CYCLE : cycles) + seq; // behind the highest: maybe from the previous cycle
    }

    /** Whether the last {@link #extend} confirmed a jump and started numbering afresh. */
    boolean restarted() {
        return restarted;
    }

    void reset() {
        started = false;
        badSeq = -1;
        restarted = false;
    }

    private void start(int seq) {
        started = true;
        maxSeq = seq;
        cycles = CYCLE;
        badSeq = -1;
    }
}
