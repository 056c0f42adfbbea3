package dev.callbridge.engine.vad;

/**
 * How speech probabilities become speech: hysteresis between two thresholds, and durations.
 *
 * @param threshold    a window at or above this probability is speech
 * @param endThreshold speech goes on until a window falls below this (≤ {@code threshold}); between
 *                     the two, nothing changes, so speech hovering near the threshold is not chopped
 * @param minSpeechMs  speech shorter than this (a cough, a click, "mm") is never reported
 * @param minSilenceMs speech ends only after this much silence, so pauses between words do not split it
 * @param speechPadMs  reported starts are moved this much earlier and ends this much later, so
 *                     soft onsets and tails are inside the segment
 */
public record VadSettings(double threshold, double endThreshold, int minSpeechMs, int minSilenceMs, int speechPadMs) {
    /** Silero's own defaults, except a longer silence (a caller's pause mid-sentence is not the end of a turn). */
    public static final VadSettings DEFAULTS = new VadSettings(0.5, 0.35, 250, 500, 30);

    public VadSettings {
        if (!(threshold > 0 && threshold < 1)) throw new IllegalArgumentException("threshold must be between 0 and 1, got " + threshold);
        if (!(endThreshold > 0 && endThreshold <= threshold)) {
            throw new IllegalArgumentException("endThreshold must be above 0 and at most threshold (" + threshold + "), got " + endThreshold);
        }
        if (minSpeechMs < 0 || minSilenceMs < 0 || speechPadMs < 0) {
            throw new IllegalArgumentException("durations must not be negative: minSpeechMs=" + minSpeechMs
                    + ", minSilenceMs=" + minSilenceMs + ", speechPadMs=" + speechPadMs);
        }
    }

    /** These settings with {@code threshold}, and the end threshold 0.15 below it as Silero does (at least 0.01). */
    public VadSettings withThreshold(double threshold) {
        return new VadSettings(threshold, Math.min(threshold, Math.max(0.01, threshold - 0.15)), minSpeechMs, minSilenceMs, speechPadMs);
    }

    public VadSettings withMinSpeechMs(int minSpeechMs) {
        return new VadSettings(threshold, endThreshold, minSpeechMs, minSilenceMs, speechPadMs);
    }

    public VadSettings withMinSilenceMs(int minSilenceMs) {
        return new VadSettings(threshold, endThreshold, minSpeechMs, minSilenceMs, speechPadMs);
    }
}
