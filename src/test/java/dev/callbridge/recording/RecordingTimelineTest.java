package dev.callbridge.recording;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.audio.AudioFormat;
import org.junit.jupiter.api.Test;

/**
 * How the mixer lays one call's audio on its timeline (8 kHz L16 here, so one sample is 125 µs
 * and a 20 ms frame is 160 samples): caller frames follow one another, gaps and lost frames are
 * silence, bursts settle where their least-delayed frame puts them, played audio sits where it
 * started and a cut silences what was not heard.
 */
class RecordingTimelineTest {
    private static final long T0 = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    private final RecordingMixer mixer = new RecordingMixer(AudioFormat.L16_8K, T0);

    /** A 20 ms L16 frame whose every sample is {@code value}. */
    private static byte[] frame(int value) {
        byte[] b = new byte[320];
        for (int i = 0; i < 320; i += 2) {
            b[i] = (byte) value;
            b[i + 1] = (byte) (value >> 8);
        }
        return b;
    }

    private RecordedWav finish(long atMs) {
        byte[] pcm = mixer.finish(T0 + atMs * MS);
        byte[] wav = new byte[StereoWav.HEADER_BYTES + pcm.length];
        StereoWav.header(8000, pcm.length).get(wav, 0, StereoWav.HEADER_BYTES);
        System.arraycopy(pcm, 0, wav, StereoWav.HEADER_BYTES, pcm.length);
        return RecordedWav.parse(wav);
    }

    @Test
    void callerFramesFollowOneAnotherDespiteJitter() {
        mixer.received(frame(1), T0 + 40 * MS, false);
        mixer.received(frame(2), T0 + 63 * MS, false); // 3 ms late
        mixer.received(frame(3), T0 + 81 * MS, false); // 1 ms late
        RecordedWav wav = finish(200);
        assertThat(RecordedWav.silent(wav.left(), 0, 320)).isTrue();
        assertThat(wav.left()[320]).isEqualTo((short) 1);
        assertThat(wav.left()[479]).isEqualTo((short) 1);
        assertThat(wav.left()[480]).isEqualTo((short) 2);
        assertThat(wav.left()[640]).isEqualTo((short) 3);
        assertThat(wav.left()[799]).isEqualTo((short) 3);
        assertThat(RecordedWav.silent(wav.left(), 800, wav.left().length)).isTrue();
    }

    @Test
    void aGapLongerThanTheJitterAllowanceIsSilenceAndTheNextFrameIsWhereItArrived() {
        mixer.received(frame(1), T0, false);
        mixer.received(frame(2), T0 + 20 * MS + (RecordingMixer.GAP_MILLIS + 50) * MS, false);
        RecordedWav wav = finish(400);
        assertThat(wav.left()[159]).isEqualTo((short) 1);
        assertThat(RecordedWav.silent(wav.left(), 160, 160 + 150 * 8)).isTrue();
        assertThat(wav.left()[160 + 150 * 8]).isEqualTo((short) 2);
    }

    @Test
    void aFrameAfterFramesTheRecorderDroppedIsPlacedWhereItArrived() {
        mixer.received(frame(1), T0, false);
        mixer.received(frame(2), T0 + 60 * MS, true); // 20 and 40 ms were dropped on the way to the writer
        RecordedWav wav = finish(200);
        assertThat(RecordedWav.silent(wav.left(), 160, 480)).isTrue();
        assertThat(wav.left()[480]).isEqualTo((short) 2);
    }

    @Test
    void aBurstMovesBackToWhereItsLeastDelayedFrameSays() {
        mixer.received(frame(1), T0, false); // run A: 0..20 ms
        // The line goes quiet; then five frames arrive at once at 280 ms, and the next at 320 ms.
        for (int i = 0; i < 5; i++) mixer.received(frame(10 + i), T0 + 280 * MS, false);
        mixer.received(frame(15), T0 + 320 * MS, false);
        RecordedWav wav = finish(600);
        // Frame 14 arrived at 280 ms, so it started by then at the latest, and the burst ran up to it;
        // frame 15, 20 ms later than that, is within the jitter allowance and follows on.
        assertThat(wav.left()[200 * 8]).isEqualTo((short) 10);
        assertThat(wav.left()[280 * 8]).isEqualTo((short) 14);
        assertThat(wav.left()[300 * 8]).isEqualTo((short) 15);
        assertThat(wav.left()).hasSize(320 * 8);
        assertThat(RecordedWav.silent(wav.left(), 160, 200 * 8)).isTrue();
        assertThat(wav.left()[0]).isEqualTo((short) 1);
    }

    @Test
    void playedAudioSitsWhereItStartedAndACutSilencesWhatWasNotHeard() {
        mixer.played(frame(7), T0 + 100 * MS);
        mixer.played(frame(8), T0 + 120 * MS);
        mixer.played(frame(9), T0 + 140 * MS);
        mixer.cut(T0 + 130 * MS); // barge-in halfway through the second frame
        mixer.played(frame(4), T0 + 170 * MS);
        RecordedWav wav = finish(300);
        assertThat(RecordedWav.silent(wav.right(), 0, 800)).isTrue();
        assertThat(wav.right()[800]).isEqualTo((short) 7);
        assertThat(wav.right()[960]).isEqualTo((short) 8);
        assertThat(wav.right()[1039]).isEqualTo((short) 8);
        assertThat(RecordedWav.silent(wav.right(), 1040, 1360)).as("cut at 130 ms").isTrue();
        assertThat(wav.right()[1360]).isEqualTo((short) 4);
    }

    @Test
    void playedAudioNeverOverwritesAudioAlreadyPlayed() {
        mixer.played(frame(7), T0 + 100 * MS);
        mixer.played(frame(8), T0 + 110 * MS); // claims to start before the first ended: it follows it
        RecordedWav wav = finish(300);
        assertThat(wav.right()[959]).isEqualTo((short) 7);
        assertThat(wav.right()[960]).isEqualTo((short) 8);
    }

    @Test
    void audioIsReleasedOnlyWellBehindTheLatestEvent() {
        mixer.received(frame(1), T0, false);
        assertThat(mixer.drainUpTo(T0 + 100 * MS)).isEmpty(); // within the hold
        byte[] out = mixer.drainUpTo(T0 + (RecordingMixer.HOLD_MILLIS + 20) * MS);
        assertThat(out).hasSize(160 * StereoWav.FRAME_BYTES);
        assertThat(out[0]).isEqualTo((byte) 1);
    }

    @Test
    void theCallsEndCutsPlaybackStillQueuedAndReleasesTheRest() {
        mixer.received(frame(1), T0, false);
        mixer.played(frame(2), T0 + 100 * MS);
        mixer.played(frame(3), T0 + 120 * MS); // queued in the remote buffer when the call ends at 125 ms
        RecordedWav wav = finish(125);
        assertThat(wav.left()[0]).isEqualTo((short) 1);
        assertThat(wav.right()[800]).isEqualTo((short) 2);
        assertThat(wav.right().length).isEqualTo(1000);
        assertThat(wav.right()[999]).isEqualTo((short) 3);
    }

    @Test
    void audioBeforeTheCallTimelineStartsIsNotOnIt() {
        mixer.received(frame(1), T0 - 50 * MS, false);
        RecordedWav wav = finish(100);
        assertThat(wav.left()[0]).isEqualTo((short) 1);
        assertThat(wav.left()[159]).isEqualTo((short) 1);
    }

    @Test
    void aBurstNeverMovesOverTheRunBeforeIt() {
        mixer.received(frame(1), T0, false);
        mixer.received(frame(2), T0 + 20 * MS, false); // run A: 0..40 ms
        // 150 ms later (a gap), four frames at once: the burst would want to start at 90 ms, but run A ends at 40 ms.
        for (int i = 0; i < 4; i++) mixer.received(frame(5 + i), T0 + 170 * MS, false);
        mixer.received(frame(9), T0 + 171 * MS, false);
        RecordedWav wav = finish(400);
        assertThat(wav.left()[319]).isEqualTo((short) 2);
        assertThat(wav.left()[320]).as("the run moved back no further than run A's end").isNotEqualTo((short) 2);
        int burst = RecordedWav.indexOf(wav.left(), new short[] {5}, 0);
        assertThat(burst).isGreaterThanOrEqualTo(320);
    }
}
