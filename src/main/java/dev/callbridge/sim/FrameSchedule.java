package dev.callbridge.sim;

/**
 * The absolute send schedule of one stream: frame {@code i} (0-based) is due at
 * {@code startNanos + i·period}. Senders ask how many frames are due by now and send the
 * missing ones, so a late tick catches up instead of drifting (sleep-after-send would add
 * every tick's lateness to all later frames).
 */
public record FrameSchedule(long startNanos, long periodNanos) {
    /** Twilio's cadence: one 160-byte μ-law frame every 20 ms. */
    public static final long TWILIO_PERIOD_NANOS = 20_000_000L;

    public FrameSchedule {
        if (periodNanos <= 0) throw new IllegalArgumentException("period must be positive: " + periodNanos);
    }

    public static FrameSchedule twilio(long startNanos) {
        return new FrameSchedule(startNanos, TWILIO_PERIOD_NANOS);
    }

    /** When frame {@code index} (0-based) is due. */
    public long dueNanos(long index) {
        return startNanos + index * periodNanos;
    }

    /** How many frames (counting from index 0) are due at or before {@code nowNanos}. */
    public long framesDueBy(long nowNanos) {
        return nowNanos < startNanos ? 0 : (nowNanos - startNanos) / periodNanos + 1;
    }

    /** The {@code media.timestamp} Twilio puts on the n-th frame (1-based): 20·(n−1) ms. */
    public long timestampMillis(long frameNumber) {
        return (frameNumber - 1) * periodNanos / 1_000_000L;
    }

    /**
     * Frame indexes at which to place {@code count} one-off events (DTMF digits) evenly inside
     * {@code frames} frames, never at the very start or end: event i goes at (i+1)·frames/(count+1).
     */
    public static long[] spread(int count, long frames) {
        long[] at = new long[count];
        for (int i = 0; i < count; i++) at[i] = (i + 1) * frames / (count + 1);
        return at;
    }
}
