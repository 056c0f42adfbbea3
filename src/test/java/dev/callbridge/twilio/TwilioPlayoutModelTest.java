package dev.callbridge.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The recording's model of Twilio's outbound buffer: back to back from when sent; a clear drops what had not started. */
class TwilioPlayoutModelTest {
    private static final long MS = 1_000_000L;
    private final TwilioPlayout playout = new TwilioPlayout();

    @Test
    void audioSentWhileTheBufferPlaysFollowsWhatIsQueued() {
        assertThat(playout.queue(160, 1000 * MS)).isEqualTo(1000 * MS);
        assertThat(playout.queue(1600, 1005 * MS)).as("sent 5 ms later, starts after the first 20 ms").isEqualTo(1020 * MS);
        assertThat(playout.queue(160, 1010 * MS)).as("after the 200 ms piece").isEqualTo(1220 * MS);
        assertThat(playout.endNanos()).isEqualTo(1240 * MS);
    }

    @Test
    void audioSentToAnIdleBufferStartsWhenSent() {
        playout.queue(160, 1000 * MS);
        assertThat(playout.queue(160, 1500 * MS)).isEqualTo(1500 * MS);
    }

    @Test
    void aClearDropsWhatHadNotStartedSoTheNextAudioStartsAtOnce() {
        playout.queue(8000, 1000 * MS); // 1 s queued
        playout.clear(1300 * MS);
        assertThat(playout.endNanos()).isEqualTo(1300 * MS);
        assertThat(playout.queue(160, 1310 * MS)).isEqualTo(1310 * MS);
    }

    @Test
    void aClearOnAnIdleBufferChangesNothing() {
        playout.queue(160, 1000 * MS);
        playout.clear(2000 * MS);
        assertThat(playout.queue(160, 2100 * MS)).isEqualTo(2100 * MS);
    }
}
