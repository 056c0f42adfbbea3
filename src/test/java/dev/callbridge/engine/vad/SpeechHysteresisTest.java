package dev.callbridge.engine.vad;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How window probabilities become speech, exactly, with scripted probabilities (one per 32 ms window):
 * hysteresis between the thresholds, minimum speech and silence, padding.
 */
class SpeechHysteresisTest {
    private static final VadSettings SETTINGS = new VadSettings(0.5, 0.35, 250, 500, 30);

    private static List<SpeechEvent> run(VadSettings settings, double... probabilities) {
        SpeechHysteresis h = new SpeechHysteresis(settings);
        List<SpeechEvent> events = new ArrayList<>();
        for (int i = 0; i < probabilities.length; i++) {
            SpeechEvent e = h.window(probabilities[i], i * 32L, i * 32L + 32);
            if (e != null) events.add(e);
        }
        return events;
    }

    /** {@code count} windows of {@code p}, after {@code before}. */
    private static double[] then(double[] before, double p, int count) {
        double[] out = java.util.Arrays.copyOf(before, before.length + count);
        java.util.Arrays.fill(out, before.length, out.length, p);
        return out;
    }

    @Test
    void speechIsReportedOnceVoicedForTheMinimumAndEndsAfterTheMinimumSilence() {
        double[] p = then(then(then(new double[0], 0.1, 10), 0.9, 20), 0.1, 20); // speech from 320 to 960 ms
        List<SpeechEvent> events = run(SETTINGS, p);
        // Started after 8 voiced windows (256 ms ≥ 250); padded 30 ms back. Ended 16 quiet windows (512 ms ≥ 500) later.
        assertThat(events).containsExactly(new SpeechEvent.Started(290), new SpeechEvent.Ended(290, 990));
    }

    @Test
    void probabilitiesBetweenTheThresholdsNeitherStartNorEndSpeech() {
        double[] hovering = then(new double[0], 0.45, 40);
        assertThat(run(SETTINGS, hovering)).isEmpty();
        double[] p = then(then(then(new double[0], 0.9, 10), 0.4, 30), 0.1, 20);
        assertThat(run(SETTINGS, p)).containsExactly(new SpeechEvent.Started(0), new SpeechEvent.Ended(0, 1280 + 30));
    }

    @Test
    void aPauseShorterThanTheMinimumSilenceDoesNotSplitSpeech() {
        double[] p = then(then(then(then(new double[0], 0.9, 10), 0.1, 15), 0.9, 10), 0.1, 20); // 480 ms pause
        assertThat(run(SETTINGS, p)).containsExactly(new SpeechEvent.Started(0), new SpeechEvent.Ended(0, 35 * 32 + 30));
    }

    @Test
    void burstsShorterThanTheMinimumAreForgottenEvenTwoInARow() {
        // Two 192 ms coughs 320 ms apart: 384 ms of span, but never 250 ms voiced.
        double[] p = then(then(then(then(then(new double[0], 0.1, 5), 0.9, 6), 0.1, 10), 0.9, 6), 0.1, 30);
        assertThat(run(SETTINGS, p)).isEmpty();
        assertThat(run(SETTINGS.withMinSpeechMs(150), p)).hasSize(2);
    }

    @Test
    void thePaddedStartNeverReachesBackIntoTheSpeechBefore() {
        VadSettings settings = new VadSettings(0.5, 0.35, 0, 0, 100);
        double[] p = {0.9, 0.1, 0.9, 0.1};
        assertThat(run(settings, p)).containsExactly(
                new SpeechEvent.Started(0), new SpeechEvent.Ended(0, 64),
                new SpeechEvent.Started(64), new SpeechEvent.Ended(64, 128));
    }

    @Test
    void withThresholdKeepsTheEndThresholdBelowIt() {
        assertThat(VadSettings.DEFAULTS.withThreshold(0.6).endThreshold()).isCloseTo(0.45, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(VadSettings.DEFAULTS.withThreshold(0.1).endThreshold()).isEqualTo(0.01);
        assertThat(VadSettings.DEFAULTS.withThreshold(0.005).endThreshold()).isEqualTo(0.005);
    }
}
