package dev.callbridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The start-up warm-up ends at its frame count or its time budget, whichever comes first. */
class MediaWarmUpBoundsTest {

    @Test
    void itStopsAtTheFrameCount() {
        assertThat(MediaWarmUp.run(300, 60_000)).isEqualTo(300);
    }

    @Test
    void itStopsAtTheTimeBudgetWhenTheFramesWouldTakeLonger() {
        long started = System.nanoTime();
        int frames = MediaWarmUp.run(Integer.MAX_VALUE, 100);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(frames).isPositive().isLessThan(Integer.MAX_VALUE);
        // The budget is checked every 256 frames, each a few µs: well under a second past it even on a busy machine.
        assertThat(took).isLessThan(Duration.ofMillis(100 + 1_000));
    }
}
