package dev.callbridge;

import dev.callbridge.call.CallRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a stop request (SIGTERM, Ctrl-C) does to a serving gateway. The first request starts the
 * drain: the registry admits no new call (so the front doors refuse them and {@code /health} says
 * {@code draining}), and the calls in flight, ringing ones included, go on for up to
 * {@code DRAIN_SECONDS}. The drain ends when no call is left, at that deadline, or at once on a
 * second request; {@link Gateway#stop} then hangs up what is left with {@code shutdown} and
 * closes, store last.
 *
 * <p>Threading: {@link #request} is called from signal-handler threads and never blocks; the
 * serving thread calls {@link #awaitRequest} and then {@link #run}, which blocks until the gateway
 * has stopped.
 */
final class GracefulDrain {
    private static final Logger log = LoggerFactory.getLogger(GracefulDrain.class);
    /** How often the wait looks at the number of live calls. */
    private static final long POLL_MS = 50;

    private final Gateway gateway;
    private final CallRegistry registry;
    private final Duration limit;
    private final AtomicInteger requests = new AtomicInteger();
    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch cutShort = new CountDownLatch(1);
    /** What asked for the stop first, for the log. */
    private volatile String cause = "stop";

    /** @param limit {@code DRAIN_SECONDS}: how long live calls may go on; zero hangs them up at once */
    GracefulDrain(Gateway gateway, Duration limit) {
        this.gateway = gateway;
        this.registry = gateway.registry();
        this.limit = limit;
    }

    /** A stop was asked for, e.g. {@code SIGTERM}: the first starts the drain, the second cuts it short. */
    void request(String what) {
        int n = requests.incrementAndGet();
        if (n == 1) {
            cause = what;
            requested.countDown();
        } else if (n == 2) {
            log.info("{} received again: the {} calls left are hung up now", what, registry.activeCalls());
            cutShort.countDown();
        }
    }

    /** A stop that cannot wait, e.g. the JVM exiting on {@code SIGHUP}: no drain, the calls left are hung up at once. */
    void requestNow(String what) {
        int before = requests.getAndSet(2);
        if (before >= 2) return;
        if (before == 0) cause = what;
        else log.info("{}: the {} calls left are hung up now", what, registry.activeCalls());
        requested.countDown();
        cutShort.countDown();
    }

    /** Blocks until the first {@link #request}. */
    void awaitRequest() throws InterruptedException {
        requested.await();
    }

    /** Drains, stops the gateway, and logs how it went. Blocking. */
    void run() throws InterruptedException {
        long startNanos = System.nanoTime();
        registry.stopAdmitting();
        int inFlight = registry.activeCalls();
        Instant deadline = Instant.now().plus(limit).truncatedTo(ChronoUnit.MILLIS);
        if (cutShort.getCount() == 0) {
            log.info("{}: stopping without a drain; the {} calls in flight are hung up now", cause, inFlight);
        } else {
            log.info("{}: draining {} calls in flight, new calls refused; calls still up at {} (in {} s) are hung up",
                    cause, inFlight, deadline, limit.toSeconds());
        }
        long limitNanos = limit.toNanos();
        while (registry.activeCalls() > 0) {
            long leftNanos = limitNanos - (System.nanoTime() - startNanos);
            if (leftNanos <= 0) break;
            if (cutShort.await(Math.min(TimeUnit.NANOSECONDS.toMillis(leftNanos) + 1, POLL_MS), TimeUnit.MILLISECONDS)) break;
        }
        int hungUp = gateway.stop();
        log.info("drained in {} ms: {} of {} calls ended by themselves, {} hung up with 'shutdown'; store flushed",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos), Math.max(0, inFlight - hungUp), inFlight, hungUp);
    }
}
