package dev.callbridge.webhook;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How the delivery worker paces itself.
 *
 * @param firstRetry the longest wait before the first retry; each further one doubles it
 * @param maxRetry   the cap on one wait
 * @param poll       how often the worker looks for rows that became due (a stored event or a
 *                   manual retry wakes it sooner)
 * @param senders    attempts in flight at once, each on a sender thread of its own. 4 by default: the
 *                   embedded database's pool has 4 connections, which the senders' updates share with
 *                   the store writer and the API (16 senders measured slower on H2, not faster)
 */
public record DeliveryPacing(Duration firstRetry, Duration maxRetry, Duration poll, int senders) {
    public static final DeliveryPacing DEFAULT = new DeliveryPacing(Duration.ofSeconds(5), Duration.ofMinutes(10),
            Duration.ofMillis(500), 4);

    public DeliveryPacing {
        if (senders < 1) throw new IllegalArgumentException("senders must be ≥ 1, got " + senders);
    }

    /**
     * The wait after the {@code attempts}-th failed attempt: {@code firstRetry · 2^(attempts-1)}, capped,
     * then jittered to between half and all of it, so receivers coming back up are not hit by every
     * row at once.
     */
    public Duration backoff(int attempts) {
        long base = firstRetry.toMillis();
        long cap = maxRetry.toMillis();
        long delay = attempts >= 31 ? cap : Math.min(cap, base << Math.max(0, attempts - 1));
        long half = delay / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(delay - half + 1));
    }
}
