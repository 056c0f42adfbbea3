package dev.callbridge.asterisk;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: the n-th consecutive retry waits a uniformly random
 * time in {@code [0, min(cap, base·2ⁿ)]}, so many gateways restarted together do not reconnect
 * to a restarting Asterisk in lockstep. Not thread-safe: owned by one event stream's context.
 */
final class ReconnectBackoff {
    private final long baseMs;
    private final long capMs;
    private final RandomGenerator random;
    private int failures;

    ReconnectBackoff(Duration base, Duration cap, RandomGenerator random) {
        if (base.toMillis() < 1 || cap.compareTo(base) < 0) throw new IllegalArgumentException("need 1 ms <= base <= cap");
        this.baseMs = base.toMillis();
        this.capMs = cap.toMillis();
        this.random = random;
    }

    /** 250 ms doubling to 30 s. */
    static ReconnectBackoff standard() {
        return new ReconnectBackoff(Duration.ofMillis(250), Duration.ofSeconds(30), RandomGenerator.getDefault());
    }

    /** The wait before the next attempt; each call counts one more failure. */
    long nextDelayMs() {
        long ceiling = ceilingMs(failures);
        if (failures < 64) failures++; // no int overflow after years of retrying
        return random.nextLong(ceiling + 1);
    }

    /** The upper bound of the delay after {@code failures} consecutive failures. */
    long ceilingMs(int failures) {
        if (failures >= Long.numberOfLeadingZeros(baseMs) - 1) return capMs; // the shift would overflow
        return Math.min(capMs, baseMs << failures);
    }

    /** After a successful connect: the next failure starts from {@code base} again. */
    void reset() {
        failures = 0;
    }
}
