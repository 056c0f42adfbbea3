package dev.callbridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.callbridge.call.CallEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** StoreWriter: per-call order, retry without loss, drain on close, and commit notification. */
class StoreWriterTest {
    private static final Duration LONG = Duration.ofSeconds(30);

    @Test
    void eachCallKeepsItsOrderUnderConcurrentOffers() throws InterruptedException {
        FlakyCallStore store = new FlakyCallStore(0);
        StoreWriter writer = new StoreWriter(store, pacing(Duration.ofMillis(5), 64)).start();
        int threads = 8;
        int callsPerThread = 4;
        int eventsPerCall = 400;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> offering = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            // Each thread plays the event loop of its calls, interleaving them as a loop would.
            offering.add(Thread.ofPlatform().start(() -> {
                awaitQuietly(go);
                for (int n = 0; n < eventsPerCall; n++) {
                    for (int c = 0; c < callsPerThread; c++) writer.offer(dtmf("c_" + thread + "_" + c, n));
                }
            }));
        }
        go.countDown();
        for (Thread t : offering) t.join();
        writer.close();

        Map<String, List<Integer>> byCall = new LinkedHashMap<>();
        for (CallEvent e : store.committed()) {
            byCall.computeIfAbsent(e.callId(), k -> new ArrayList<>()).add(Integer.parseInt(((CallEvent.Dtmf) e).digit()));
        }
        assertThat(byCall).hasSize(threads * callsPerThread);
        List<Integer> expected = java.util.stream.IntStream.range(0, eventsPerCall).boxed().toList();
        byCall.forEach((call, seqs) -> assertThat(seqs).as(call).isEqualTo(expected));
        assertThat(store.attempts()).allSatisfy(batch -> assertThat(batch).hasSizeLessThanOrEqualTo(64));
        assertThat(writer.eventsWritten()).isEqualTo((long) threads * callsPerThread * eventsPerCall);
        assertThat(writer.queueDepth()).isZero();
    }

    @Test
    void aFailingStoreGetsTheSameBatchAgainAndLosesNothing() {
        FlakyCallStore store = new FlakyCallStore(3);
        StoreWriter writer = new StoreWriter(store, pacing(Duration.ofMillis(5), 500));
        List<CallEvent> offered = new ArrayList<>();
        for (int n = 0; n < 50; n++) offered.add(dtmf(n % 2 == 0 ? "c_a" : "c_b", n));
        offered.forEach(writer::offer);

        writer.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> writer.queueDepth() == 0);

        assertThat(store.committed()).containsExactlyElementsOf(offered);
        assertThat(store.attempts()).hasSize(4).allSatisfy(batch -> assertThat(batch).isEqualTo(offered));
        assertThat(writer.writeFailures()).isEqualTo(3);
        assertThat(writer.batchesWritten()).isEqualTo(1);
        writer.close();
    }

    @Test
    void eventsAreWrittenWithinAFlushIntervalWithoutWaitingForClose() {
        FlakyCallStore store = new FlakyCallStore(0);
        try (StoreWriter writer = new StoreWriter(store, pacing(Duration.ofMillis(50), 500)).start()) {
            writer.offer(dtmf("c_a", 1));

            await().atMost(Duration.ofSeconds(1)).until(() -> store.committed().size() == 1);
            assertThat(writer.lastWriteLatencyNanos()).isPositive();
        }
    }

    @Test
    void aFullBatchIsWrittenAtOnceRatherThanAtTheNextTick() throws InterruptedException {
        FlakyCallStore store = new FlakyCallStore(0);
        try (StoreWriter writer = new StoreWriter(store, pacing(LONG, 10)).start()) {
            Thread.sleep(50); // let the writer park on its 30 s tick, so only the full batch can wake it
            for (int n = 0; n < 10; n++) writer.offer(dtmf("c_a", n));

            await().atMost(Duration.ofSeconds(2)).until(() -> store.committed().size() == 10);
        }
    }

    @Test
    void closeWritesEverythingQueuedThenRefusesOffers() {
        FlakyCallStore store = new FlakyCallStore(0);
        StoreWriter writer = new StoreWriter(store, pacing(LONG, 100)).start();
        for (int n = 0; n < 1000; n++) writer.offer(dtmf("c_a", n));

        writer.close();

        assertThat(store.committed()).hasSize(1000);
        assertThat(writer.queueDepth()).isZero();
        assertThatThrownBy(() -> writer.offer(dtmf("c_a", 1000)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("call c_a");
    }

    @Test
    void commitListenersSeeEachBatchOnlyAfterItIsCommitted() {
        FlakyCallStore store = new FlakyCallStore(2);
        List<CallEvent> notified = new CopyOnWriteArrayList<>();
        List<String> violations = new CopyOnWriteArrayList<>();
        StoreWriter writer = new StoreWriter(store, pacing(Duration.ofMillis(5), 3));
        writer.addCommitListener(batch -> {
            if (!store.committed().containsAll(batch)) violations.add("notified before commit: " + batch);
            notified.addAll(batch);
        });
        writer.addCommitListener(batch -> { throw new IllegalStateException("a broken listener"); });
        List<CallEvent> offered = new ArrayList<>();
        for (int n = 0; n < 10; n++) offered.add(dtmf("c_a", n));
        offered.forEach(writer::offer);

        writer.start().close();

        assertThat(violations).isEmpty();
        assertThat(notified).containsExactlyElementsOf(offered);
    }

    private static StoreWriter.Pacing pacing(Duration flushEvery, int maxBatch) {
        return new StoreWriter.Pacing(flushEvery, maxBatch, Duration.ofMillis(1), Duration.ofMillis(20), LONG);
    }

    private static CallEvent dtmf(String callId, int n) {
        return new CallEvent.Dtmf(callId, Integer.toString(n), Instant.EPOCH.plusMillis(n));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
