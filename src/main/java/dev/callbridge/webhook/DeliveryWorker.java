package dev.callbridge.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the outbox's rows. One planner thread asks the table for due rows that head their line
 * (call × subscription; see {@link DeliveryRows}) and hands each to a sender thread: so a call's
 * rows for one receiver go out one at a time, in order, while other calls and receivers go on. A
 * look claims a few heads beyond the free senders (twice their number), so senders that free up
 * find work without waiting for the next look, which on PostgreSQL is two round trips. Nothing
 * else is held in memory: the table is the queue, so a restart picks up where the last process
 * stopped (a row in flight when it died is sent again: delivery is at least once). Never on an
 * event loop; the store writer only inserts rows, so a slow receiver slows nobody but its own line.
 */
public final class DeliveryWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);
    private static final Duration BACKLOG_EVERY = Duration.ofSeconds(1);

    private final DeliveryRows rows;
    private final DeliveryTargets targets;
    private final Consumer<String> outcomes;
    private final Clock clock;
    private final DeliveryPacing pacing;
    private final Thread planner;
    private final ExecutorService senders;
    /** Rows claimed: being sent, or waiting in {@link #ready}. */
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    /** Claimed line heads not yet handed to a sender, soonest due first; the planner thread's alone. */
    private final ArrayDeque<Delivery> ready = new ArrayDeque<>();
    /**
     * Rows whose attempt ended since the planner's current look began. Its query may have read such
     * a row while it was still in flight and still open; without this it would be sent again, after
     * later rows of its line. Cleared before each look, so it holds only what ended during one.
     */
    private final Set<Long> endedDuringLook = ConcurrentHashMap.newKeySet();
    private volatile boolean closing;
    private volatile long backlogRows;
    private volatile Instant oldestOpen;
    private long backlogReadAt;

    /** @param outcomes told {@code delivered}, {@code failed} (a retry is scheduled) or {@code dead} per attempt */
    public DeliveryWorker(DeliveryRows rows, DeliveryTargets targets, Consumer<String> outcomes, Clock clock, DeliveryPacing pacing) {
        this.rows = rows;
        this.targets = targets;
        this.outcomes = outcomes;
        this.clock = clock;
        this.pacing = pacing;
        this.planner = Thread.ofPlatform().name("webhook-planner").daemon(true).unstarted(this::planUntilClosed);
        AtomicInteger n = new AtomicInteger();
        this.senders = Executors.newFixedThreadPool(pacing.senders(),
                r -> Thread.ofPlatform().name("webhook-sender-" + n.incrementAndGet()).daemon(true).unstarted(r));
    }

    public DeliveryWorker start() {
        planner.start();
        return this;
    }

    /** Something may have become due (rows committed, a manual retry): look now rather than at the next poll. */
    public void wake() {
        LockSupport.unpark(planner);
    }

    /** Pending and failed rows, as of the last look (at most a second old). */
    public long queueDepth() {
        return backlogRows;
    }

    /** Age of the oldest pending or failed row; 0 when there is none. */
    public double oldestPendingSeconds() {
        Instant oldest = oldestOpen;
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest, clock.instant()).toMillis() / 1000.0);
    }

    private void planUntilClosed() {
        while (!closing) {
            try {
                refreshBacklog();
                dispatchDue();
            } catch (RuntimeException e) {
                log.warn("webhook worker: reading the outbox failed, trying again: {}", e.getMessage());
            }
            LockSupport.parkNanos(this, pacing.poll().toNanos());
        }
    }

    private void dispatchDue() {
        int free = pacing.senders() - (inFlight.size() - ready.size());
        if (free <= 0) return;
        if (ready.size() < free) restock(free + lookAhead());
        for (Delivery d; free > 0 && !closing && (d = ready.poll()) != null; free--) send(d);
    }

    /**
     * Looks for due line heads until {@code ready} holds {@code target}. Each is claimed (in
     * {@link #inFlight}) as it is taken, so the next look skips it, and its line yields no other head
     * until it is finished: a claimed head waiting here is as safe as one being sent.
     */
    private void restock(int target) {
        endedDuringLook.clear();
        // Claimed rows are still open and come back: ask for enough to find the others.
        List<Delivery> due = rows.due(clock.instant(), target - ready.size() + inFlight.size());
        for (Delivery d : due) {
            if (ready.size() >= target || closing) break;
            if (!inFlight.add(d.id())) continue;
            if (endedDuringLook.contains(d.id())) { // checked after claiming it: its sender adds here before it lets go
                inFlight.remove(d.id());
                continue;
            }
            ready.add(d);
        }
    }

    /** Heads claimed beyond the free senders, so a sender that frees finds work without a look (a round trip to the store). */
    private int lookAhead() {
        return 2 * pacing.senders();
    }

    private void send(Delivery d) {
        senders.execute(() -> {
            try {
                attempt(d);
            } catch (RuntimeException e) {
                log.warn("webhook delivery {} could not be recorded; it is tried again: {}", d.id(), e.getMessage());
            } finally {
                endedDuringLook.add(d.id()); // before letting go of it: see restock
                inFlight.remove(d.id());
                wake();
            }
        });
    }

    private void attempt(Delivery d) {
        int attempts = d.attempts() + 1;
        DeliveryTarget target = targets.find(d.subscription()).orElse(null);
        if (target == null) {
            rows.dead(d.id(), d.attempts(), "no receiver " + d.subscription() + " is configured any more");
            outcomes.accept("dead");
            return;
        }
        DeliveryOutcome outcome = target.attempt(d);
        if (closing && outcome instanceof DeliveryOutcome.Retryable) return; // cut off by the shutdown: not the receiver's doing
        Delivery.Status status = switch (outcome) {
            case DeliveryOutcome.Delivered ok -> {
                rows.delivered(d.id(), attempts);
                yield Delivery.Status.DELIVERED;
            }
            case DeliveryOutcome.Refused refused -> {
                rows.dead(d.id(), attempts, refused.error());
                log.warn("webhook {} to {} refused with {}: dead", d.eventId(), d.subscription(), refused.error());
                yield Delivery.Status.DEAD;
            }
            case DeliveryOutcome.Retryable failure -> {
                Instant next = clock.instant().plus(pacing.backoff(attempts));
                if (next.isAfter(d.retryUntil())) {
                    rows.dead(d.id(), attempts, failure.error() + " (gave up after " + attempts + " attempts)");
                    log.warn("webhook {} to {} failed {} times, last {}: dead", d.eventId(), d.subscription(), attempts, failure.error());
                    yield Delivery.Status.DEAD;
                }
                rows.failed(d.id(), attempts, failure.error(), next);
                yield Delivery.Status.FAILED;
            }
        };
        outcomes.accept(status.wireName());
        target.settled(d, outcome, status, attempts);
    }

    private void refreshBacklog() {
        long now = System.nanoTime();
        if (backlogReadAt != 0 && now - backlogReadAt < BACKLOG_EVERY.toNanos()) return;
        backlogReadAt = now;
        DeliveryRows.Backlog b = rows.backlog();
        backlogRows = b.rows();
        oldestOpen = b.oldest();
    }

    /** Stops planning and waits briefly for attempts in flight; rows not finished stay open for the next start. */
    @Override
    public void close() {
        if (closing) return;
        closing = true;
        LockSupport.unpark(planner);
        try {
            planner.join(Duration.ofSeconds(5));
            senders.shutdown();
            if (!senders.awaitTermination(5, TimeUnit.SECONDS)) senders.shutdownNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
