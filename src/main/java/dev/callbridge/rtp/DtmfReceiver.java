package dev.callbridge.rtp;

import java.util.Optional;

/**
 * Turns RFC 4733 event packets into key presses, each reported exactly once.
 *
 * <p>A digit is reported on the <em>first</em> packet of its event, whichever that is (start,
 * update or end): lowest latency, and a press is not lost when the end packets are (they are
 * only sent three times for that reason), nor when the start packet is. An event is identified
 * by its RTP timestamp, the same in every packet of the event; so the repeated end packets and
 * any packet of an event already reported are ignored, and so is a straggler of an older event
 * that arrives after a newer one. A new SSRC is a new sender and starts afresh.
 *
 * <p>Pure and single-threaded: it sees each packet once, in arrival order.
 */
public final class DtmfReceiver {
    private boolean any;
    private long ssrc;
    private long lastTimestamp;

    /** The key to report for this packet, or empty if its event was already reported or is not a key. */
    public Optional<Character> accept(RtpPacket packet, TelephoneEvent event) {
        if (any && packet.ssrc() == ssrc && !isNewer(packet.timestamp(), lastTimestamp)) return Optional.empty();
        any = true;
        ssrc = packet.ssrc();
        lastTimestamp = packet.timestamp();
        return event.isDtmf() ? Optional.of(event.digit()) : Optional.empty();
    }

    /** Timestamps wrap mod 2^32; "newer" is a positive signed 32-bit difference. */
    private static boolean isNewer(long ts, long than) {
        return (int) (ts - than) > 0;
    }
}
