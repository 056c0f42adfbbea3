package dev.callbridge.rtp;

/**
 * The session's 20 ms grid on the monotonic clock: slot n is due at {@code t0 + n·20 ms}.
 * Deadlines are computed from t0, never from the previous send, so timer lateness does not
 * accumulate into drift.
 */
final class FrameClock {
    static final long FRAME_NANOS = RtpFormat.FRAME_MILLIS * 1_000_000L;

    private final long t0;

    FrameClock(long t0Nanos) {
        this.t0 = t0Nanos;
    }

    long due(long slot) {
        return t0 + slot * FRAME_NANOS;
    }

    /** The first slot due at or after {@code nanos}. */
    long firstSlotFrom(long nanos) {
        long since = nanos - t0;
        return since <= 0 ? 0 : (since + FRAME_NANOS - 1) / FRAME_NANOS;
    }

    /** Whole milliseconds to wait from {@code now} until {@code slot} is due; at least 1, the least a Vert.x timer takes. */
    long delayMillis(long slot, long now) {
        long nanos = due(slot) - now;
        return Math.max(1, (nanos + 999_999) / 1_000_000);
    }
}
