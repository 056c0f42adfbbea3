package dev.callbridge.store;

import dev.callbridge.call.CallEvent;
import dev.callbridge.call.CallStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only way call events reach the {@link CallStore} at run time. {@link #offer} runs on event
 * loops: it never blocks and never drops. One dedicated thread drains the queue in batches, at
 * most {@link Pacing#flushEvery} apart (sooner once {@link Pacing#maxBatch} are waiting), and
 * writes each batch in one transaction. One thread and one FIFO queue keep every call's events in
 * the order they were offered. A failed write is retried, same batch, with capped backoff: nothing
 * is reordered or skipped. So a killed process loses at most the events of the last flush interval
 * plus the write in flight.
 */
public final class StoreWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StoreWriter.class);

    /**
     * @param flushEvery   longest wait between an offer and its write (the kill -9 loss window)
     * @param maxBatch     most events per transaction; this many waiting triggers a write at once
     * @param firstRetry   wait after the first failed write; doubles per failure up to {@code maxRetry}
     * @param closeTimeout how long {@link #close()} keeps trying to store what is queued
     */
    public record Pacing(Duration flushEvery, int maxBatch, Duration firstRetry, Duration maxRetry,
                         Duration closeTimeout) {
        public static final Pacing DEFAULT = new Pacing(Duration.ofMillis(100), 500, Duration.ofMillis(100),
                Duration.ofSeconds(5), Duration.ofSeconds(30));

        public Pacing {
            if (maxBatch < 1) throw new IllegalArgumentException("maxBatch must be ≥ 1, got " + maxBatch);
        }
    }

    private final CallStore store;
    private final Pacing pacing;
    private final Thread thread;
    private final ConcurrentLinkedQueue<CallEvent> queue = new ConcurrentLinkedQueue<>();
    /** Offered but not yet committed. Incremented before enqueueing: see {@link #offer}. */
    private final AtomicLong pending = new AtomicLong();
    private final List<Consumer<List<CallEvent>>> commitListeners = new CopyOnWriteArrayList<>();
    private volatile boolean closing;
    /** Set when close() gave up on a store that kept failing; the writer thread then stops. */
    private volatile boolean abandoned;

    // Written only by the writer thread; volatile so metrics can read them from any thread.
    private volatile long batchesWritten;
    private volatile long eventsWritten;
    private volatile long writeFailures;
    private volatile long lastWriteNanos;

    public StoreWriter(CallStore store) {
        this(store, Pacing.DEFAULT);
    }

    public StoreWriter(CallStore store, Pacing pacing) {
        this.store = store;
        this.pacing = pacing;
        this.thread = Thread.ofPlatform().name("store-writer").daemon(true).unstarted(this::drainUntilClosed);
    }

    /** Starts the writer thread. Events offered before are kept and written first. */
    public StoreWriter start() {
        thread.start();
        return this;
    }

    /**
     * Queues an event. Lock-free and allocation-light: safe on an event loop.
     *
     * @throws IllegalStateException after {@link #close()} began, when the event could no longer be stored
     */
    public void offer(CallEvent event) {
        // Count first, then check closing; close() sets closing, then waits for pending == 0.
        // Either this offer sees closing (and refuses) or close() sees the count (and waits for it).
        long depth = pending.incrementAndGet();
        if (closing) {
            pending.decrementAndGet();
            throw new IllegalStateException("StoreWriter is closed; " + event.type() + " event for call "
                    + event.callId() + " cannot be stored");
        }
        queue.add(event);
        if (depth == pacing.maxBatch()) LockSupport.unpark(thread);
    }

    /**
     * Called on the writer thread after each committed batch, in commit order. Keep it short: the
     * next batch waits for it. An exception is logged and does not affect the write.
     */
    public void addCommitListener(Consumer<List<CallEvent>> listener) {
        commitListeners.add(listener);
    }

    /** Events offered and not yet committed, including the batch being written. */
    public long queueDepth() {
        return pending.get();
    }

    public long batchesWritten() {
        return batchesWritten;
    }

    public long eventsWritten() {
        return eventsWritten;
    }

    /** Failed write attempts; each was retried. */
    public long writeFailures() {
        return writeFailures;
    }

    /** Duration of the last successful {@link CallStore#write}, in nanoseconds; 0 before the first. */
    public long lastWriteLatencyNanos() {
        return lastWriteNanos;
    }

    /**
     * Refuses further offers, writes everything queued, and stops the thread. If the store keeps
     * failing for {@link Pacing#closeTimeout}, gives up and logs how many events were not stored.
     * Does not close the store.
     */
    @Override
    public void close() {
        if (closing) return;
        closing = true;
        if (thread.getState() == Thread.State.NEW) thread.start(); // never started: still drain what was offered
        LockSupport.unpark(thread);
        try {
            if (!thread.join(pacing.closeTimeout())) {
                abandoned = true;
                thread.interrupt();
                thread.join(Duration.ofSeconds(5));
                log.error("store writer gave up after {}: {} events were not stored", pacing.closeTimeout(), pending.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drainUntilClosed() {
        long nextFlush = System.nanoTime();
        while (!abandoned) {
            long now = System.nanoTime();
            boolean full = pending.get() >= pacing.maxBatch();
            if (!full && !closing && now < nextFlush) {
                LockSupport.parkNanos(this, nextFlush - now);
                continue;
            }
            nextFlush = now + pacing.flushEvery().toNanos();
            List<CallEvent> batch = takeBatch();
            if (!batch.isEmpty()) {
                writeUntilCommitted(batch);
            } else if (closing) {
                if (pending.get() == 0) return;
                // An offer counted itself but has not enqueued yet: it will in a moment.
                Thread.onSpinWait();
            }
        }
    }

    private List<CallEvent> takeBatch() {
        List<CallEvent> batch = new ArrayList<>(Math.min(pacing.maxBatch(), 64));
        CallEvent event;
        while (batch.size() < pacing.maxBatch() && (event = queue.poll()) != null) batch.add(event);
        return Collections.unmodifiableList(batch);
    }

    private void writeUntilCommitted(List<CallEvent> batch) {
        long backoffNanos = pacing.firstRetry().toNanos();
        while (!abandoned) {
            long start = System.nanoTime();
            try {
                store.write(batch);
            } catch (RuntimeException e) {
                writeFailures++;
                log.warn("storing {} events failed (attempt failure #{}), retrying in {} ms: {}", batch.size(),
                        writeFailures, TimeUnit.NANOSECONDS.toMillis(backoffNanos), e.toString());
                LockSupport.parkNanos(this, backoffNanos);
                backoffNanos = Math.min(backoffNanos * 2, pacing.maxRetry().toNanos());
                continue;
            }
            lastWriteNanos = System.nanoTime() - start;
            batchesWritten++;
            eventsWritten += batch.size();
            pending.addAndGet(-batch.size());
            notifyCommitted(batch);
            return;
        }
    }

    private void notifyCommitted(List<CallEvent> batch) {
        for (Consumer<List<CallEvent>> listener : commitListeners) {
            try {
                listener.accept(batch);
            } catch (RuntimeException e) {
                log.error("a commit listener failed on a batch of {} events", batch.size(), e);
            }
        }
    }
}
