package dev.callbridge.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Even ports from the range, never one in use, a clear error when all are taken, and reuse after release. */
class RtpPortPoolTest {

    @Test
    void handsOutEvenPortsOnlyFromTheRange() {
        RtpPortPool pool = new RtpPortPool(10001, 10010);
        assertThat(pool.capacity()).isEqualTo(5);
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < 5; i++) ports.add(pool.acquire());
        assertThat(ports).containsExactlyInAnyOrder(10002, 10004, 10006, 10008, 10010);
        assertThat(pool.available()).isZero();
    }

    @Test
    void exhaustionIsReportedClearlyAndReleaseMakesRoomAgain() {
        RtpPortPool pool = new RtpPortPool(20000, 20003);
        int a = pool.acquire();
        int b = pool.acquire();
        assertThatThrownBy(pool::acquire)
                .isInstanceOf(RtpPortsExhaustedException.class)
                .hasMessageContaining("all 2 RTP ports in 20000..20002 are in use");
        pool.release(a);
        assertThat(pool.acquire()).isEqualTo(a);
        assertThat(pool.inUse(b)).isTrue();
    }

    @Test
    void aReleasedPortIsTheLastToBeReused() {
        RtpPortPool pool = new RtpPortPool(30000, 30008);
        int first = pool.acquire();
        pool.release(first);
        List<Integer> next = new ArrayList<>();
        for (int i = 0; i < 4; i++) next.add(pool.acquire());
        assertThat(next).doesNotContain(first);
        assertThat(pool.acquire()).isEqualTo(first);
    }

    @Test
    void rejectsBadRangesAndForeignOrDoubleReleases() {
        assertThatIllegalArgumentException().isThrownBy(() -> new RtpPortPool(10001, 10001)).withMessageContaining("no even port");
        assertThatIllegalArgumentException().isThrownBy(() -> new RtpPortPool(10010, 10000));
        assertThatIllegalArgumentException().isThrownBy(() -> new RtpPortPool(0, 10));
        RtpPortPool pool = new RtpPortPool(10000, 10010);
        assertThatIllegalArgumentException().isThrownBy(() -> pool.release(10001));
        assertThatIllegalArgumentException().isThrownBy(() -> pool.release(9998));
        assertThatIllegalStateException().isThrownBy(() -> pool.release(10002)).withMessageContaining("not in use");
    }

    @Test
    void neverHandsOutAPortInUseUnderConcurrency() throws Exception {
        RtpPortPool pool = new RtpPortPool(40000, 40040); // 21 ports for 8 threads holding up to 2 each
        Set<Integer> held = ConcurrentHashMap.newKeySet();
        List<String> problems = new CopyOnWriteArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        for (int t = 0; t < 8; t++) {
            threads.submit(() -> {
                start.await();
                for (int i = 0; i < 5_000; i++) {
                    int a = pool.acquire();
                    int b = pool.acquire();
                    if (!held.add(a) || !held.add(b)) problems.add("handed out twice: " + a + " or " + b);
                    held.remove(a);
                    held.remove(b);
                    pool.release(a);
                    pool.release(b);
                }
                return null;
            });
        }
        start.countDown();
        threads.shutdown();
        assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(problems).isEmpty();
        assertThat(pool.available()).isEqualTo(pool.capacity());
    }
}
