package dev.callbridge.asterisk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Exponential backoff with full jitter: doubling ceilings, a cap, uniform delays below the ceiling, reset. */
class ReconnectBackoffTest {

    @Test
    void ceilingsDoubleFrom250msToThe30sCap() {
        ReconnectBackoff backoff = ReconnectBackoff.standard();
        List<Long> ceilings = new ArrayList<>();
        for (int n = 0; n < 10; n++) ceilings.add(backoff.ceilingMs(n));
        assertThat(ceilings).containsExactly(250L, 500L, 1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L, 30000L);
        assertThat(backoff.ceilingMs(63)).isEqualTo(30000L);
        assertThat(backoff.ceilingMs(1_000_000)).isEqualTo(30000L);
    }

    @Test
    void atTheTopOfTheJitterRangeDelaysAreTheCeilings() {
        ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(200), new CeilingRandom());
        List<Long> delays = new ArrayList<>();
        for (int n = 0; n < 7; n++) delays.add(backoff.nextDelayMs());
        assertThat(delays).containsExactly(10L, 20L, 40L, 80L, 160L, 200L, 200L);
    }

    @Test
    void delaysAreSpreadUniformlyBelowTheCeiling() {
        ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(250), Duration.ofSeconds(30), new SplittableRandom(1));
        long low = 0;
        for (int i = 0; i < 2_000; i++) {
            backoff.reset();
            long delay = backoff.nextDelayMs();
            assertThat(delay).isBetween(0L, 250L);
            if (delay < 125) low++;
        }
        assertThat(low).isBetween(850L, 1150L); // about half below the middle: full jitter, not "ceiling minus a bit"
    }

    @Test
    void resetStartsAgainFromTheBase() {
        ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(200), new CeilingRandom());
        for (int i = 0; i < 5; i++) backoff.nextDelayMs();
        backoff.reset();
        assertThat(backoff.nextDelayMs()).isEqualTo(10L);
        assertThat(backoff.nextDelayMs()).isEqualTo(20L);
    }

    @Test
    void yearsOfFailuresNeitherOverflowNorExceedTheCap() {
        ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(250), Duration.ofSeconds(30), new CeilingRandom());
        for (int i = 0; i < 100_000; i++) assertThat(backoff.nextDelayMs()).isBetween(0L, 30_000L);
    }
}
