package dev.callbridge.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatedPlaybackTest {
    private static final long MS = 1_000_000L;

    private long now;
    private final List<String> marks = new ArrayList<>();
    private final SimulatedPlayback playback = new SimulatedPlayback(() -> now, marks::add, true);

    private static byte[] audio(int millis, int code) {
        byte[] b = new byte[millis * 8];
        Arrays.fill(b, (byte) code);
        return b;
    }

    @Test
    void markComesBackOnlyWhenTheAudioBeforeItHasPlayed() {
        playback.enqueue(audio(20, 0x10));
        playback.enqueue(audio(20, 0x11));
        playback.mark("after-40ms");

        now = 39 * MS;
        playback.advance();
        assertThat(marks).isEmpty();
        assertThat(playback.queuedMillis()).isEqualTo(1);

        now = 40 * MS;
        playback.advance();
        assertThat(marks).containsExactly("after-40ms");
        assertThat(playback.queuedMillis()).isZero();
    }

    @Test
    void markWithNothingQueuedComesBackAtOnce() {
        playback.mark("idle");
        assertThat(marks).containsExactly("idle");
    }

    @Test
    void audioArrivingWhileIdleStartsPlayingOnArrivalNotAtStreamStart() {
        now = 500 * MS;
        playback.enqueue(audio(20, 0x10));
        playback.mark("m");
        now = 519 * MS;
        playback.advance();
        assertThat(marks).isEmpty();
        now = 520 * MS;
        playback.advance();
        assertThat(marks).containsExactly("m");
    }

    @Test
    void marksComeBackInOrderAsPlaybackPassesEach() {
        playback.enqueue(audio(100, 0x10));
        playback.mark("a");
        playback.enqueue(audio(100, 0x11));
        playback.mark("b");

        now = 150 * MS;
        playback.advance();
        assertThat(marks).containsExactly("a");
        now = 200 * MS;
        playback.advance();
        assertThat(marks).containsExactly("a", "b");
    }

    @Test
    void clearDropsUnplayedAudioAndReturnsAllPendingMarksAtOnce() {
        playback.enqueue(audio(500, 0x10));
        playback.mark("a");
        playback.enqueue(audio(500, 0x11));
        playback.mark("b");

        now = 100 * MS;
        playback.clear();

        assertThat(marks).containsExactly("a", "b");
        assertThat(playback.clears()).isEqualTo(1);
        assertThat(playback.playedBytes()).isEqualTo(100 * 8);
        assertThat(playback.clearedBytes()).isEqualTo(900 * 8);
        assertThat(playback.queuedMillis()).isZero();

        // Audio after the clear plays from the moment it arrives.
        playback.enqueue(audio(20, 0x12));
        playback.mark("c");
        now = 119 * MS;
        playback.advance();
        assertThat(marks).containsExactly("a", "b");
        now = 120 * MS;
        playback.advance();
        assertThat(marks).containsExactly("a", "b", "c");
    }

    @Test
    void heardAudioHasSilenceForIdleGapsAndLeavesOutClearedAudio() {
        now = 10 * MS; // 10 ms of silence before anything arrives
        playback.enqueue(audio(20, 0x10));
        now = 25 * MS; // 15 of those 20 ms have played when the clear comes
        playback.clear();
        now = 30 * MS;
        playback.enqueue(audio(5, 0x11));
        now = 100 * MS;
        playback.advance();

        byte[] heard = playback.heardAudio();
        assertThat(heard).hasSize((10 + 15 + 5 + 5) * 8);
        assertThat(Arrays.copyOfRange(heard, 0, 80)).containsOnly((byte) 0xFF);
        assertThat(Arrays.copyOfRange(heard, 80, 200)).containsOnly((byte) 0x10);
        assertThat(Arrays.copyOfRange(heard, 200, 240)).containsOnly((byte) 0xFF);
        assertThat(Arrays.copyOfRange(heard, 240, 280)).containsOnly((byte) 0x11);
    }

    @Test
    void notRecordingKeepsNoAudio() {
        SimulatedPlayback quiet = new SimulatedPlayback(() -> now, marks::add, false);
        quiet.enqueue(audio(20, 0x10));
        now = 40 * MS;
        quiet.advance();
        assertThat(quiet.heardAudio()).isEmpty();
        assertThat(quiet.playedBytes()).isEqualTo(160);
    }
}
