package dev.callbridge.rtp;

import java.util.BitSet;

/**
 * The UDP ports RTP sessions bind to, from {@code [min, max]}. One socket per call, on an even
 * port only: RTP conventionally takes the even port and RTCP the odd one above it (RFC 3550
 * §11), and Asterisk may send RTCP to our port + 1; leaving that odd port unused keeps its
 * RTCP from landing on another call's socket (where it would only be counted as a wrong source,
 * but noise all the same). Capacity is therefore half the range.
 *
 * <p>Ports are handed out round-robin, so a port just released is the last to be reused and
 * stray packets of an ended call are unlikely to reach the next one. Thread-safe: sessions open
 * and close on different event loops; the lock is held for a scan of at most the range.
 */
public final class RtpPortPool {
    private final int min;
    private final int max;
    private final int slots;
    private final BitSet inUse;
    private int cursor;

    public RtpPortPool(int min, int max) {
        if (min < 1 || max > 65535 || min > max) throw new IllegalArgumentException("RTP port range must lie in 1..65535 with min <= max: " + min + ".." + max);
        int firstEven = min + (min & 1);
        if (firstEven > max) throw new IllegalArgumentException("RTP port range " + min + ".." + max + " holds no even port");
        this.min = firstEven;
        this.slots = (max - firstEven) / 2 + 1;
        this.max = firstEven + 2 * (slots - 1); // the last even port
        this.inUse = new BitSet(slots);
    }

    /** A free even port, now in use until {@link #release}d. */
    public synchronized int acquire() {
        int slot = inUse.nextClearBit(cursor);
        if (slot >= slots) slot = inUse.nextClearBit(0);
        if (slot >= slots) {
            throw new RtpPortsExhaustedException("all " + slots + " RTP ports in " + min + ".." + max
                    + " are in use (even ports only; widen RTP_PORT_MIN..RTP_PORT_MAX for more calls)");
        }
        inUse.set(slot);
        cursor = slot + 1 == slots ? 0 : slot + 1;
        return min + 2 * slot;
    }

    /** Gives {@code port} back. Releasing a port that is not in use is a caller bug. */
    public synchronized void release(int port) {
        int slot = slotOf(port);
        if (!inUse.get(slot)) throw new IllegalStateException("RTP port " + port + " released but not in use");
        inUse.clear(slot);
    }

    public synchronized boolean inUse(int port) {
        return inUse.get(slotOf(port));
    }

    /** How many sessions the range can hold at once. */
    public int capacity() {
        return slots;
    }

    public synchronized int available() {
        return slots - inUse.cardinality();
    }

    private int slotOf(int port) {
        if (port < min || port > max || (port & 1) != 0) throw new IllegalArgumentException("port " + port + " is not from this pool");
        return (port - min) / 2;
    }
}
