package dev.callbridge.engine.vad;

/**
 * Turns a stream of per-window speech probabilities into speech events, by {@link VadSettings}:
 * speech begins at a window at or above the threshold, is reported once it has been voiced without a
 * break (no window below the end threshold) for the minimum speech duration, and ends at the first window
 * below the end threshold that is followed by the minimum silence. Candidate speech that falls
 * silent for that long before it was reported is forgotten: that is how a cough is ignored.
 *
 * <p>One unbroken voiced run, not the span nor a sum, must reach the minimum, so two coughs or an
 * "mm-hm" a moment apart do not add up to speech; once it does, the speech is reported from where
 * the candidate began. Pure state; one per stream; not thread-safe.
 */
final class SpeechHysteresis {
    private enum State { QUIET, CANDIDATE, SPEAKING }

    private final VadSettings settings;
    private State state = State.QUIET;
    /** Where the candidate's first speech window began (unpadded). */
    private long beganMs;
    /** Milliseconds of the current unbroken voiced run, while a candidate. */
    private long voicedMs;
    /** Where the current run of quiet windows began, or -1 while voiced. */
    private long quietSinceMs = -1;
    /** The start reported in {@link SpeechEvent.Started}. */
    private long reportedStartMs;
    /** The end of the last reported speech: the next start is never padded back before it. */
    private long lastEndMs;

    SpeechHysteresis(VadSettings settings) {
        this.settings = settings;
    }

    boolean speaking() {
        return state == State.SPEAKING;
    }

    /** The next window, [{@code startMs}, {@code endMs}) of the stream; returns what it completes, or null. */
    SpeechEvent window(double probability, long startMs, long endMs) {
        boolean speech = probability >= settings.threshold();
        boolean quiet = probability < settings.endThreshold();
        if (state == State.QUIET) {
            if (!speech) return null;
            state = State.CANDIDATE;
            beganMs = startMs;
            voicedMs = 0;
            quietSinceMs = -1;
        }
        if (!quiet) {
            quietSinceMs = -1;
            if (state == State.CANDIDATE) voicedMs += endMs - startMs;
        } else {
            voicedMs = 0;
            if (quietSinceMs < 0) quietSinceMs = startMs;
        }

        if (quietSinceMs >= 0 && endMs - quietSinceMs >= settings.minSilenceMs()) {
            boolean wasSpeaking = state == State.SPEAKING;
            state = State.QUIET;
            if (!wasSpeaking) return null; // too short to count
            lastEndMs = Math.min(quietSinceMs + settings.speechPadMs(), endMs);
            return new SpeechEvent.Ended(reportedStartMs, lastEndMs);
        }
        if (state == State.CANDIDATE && quietSinceMs < 0 && voicedMs >= settings.minSpeechMs()) {
            state = State.SPEAKING;
            reportedStartMs = Math.max(Math.max(0, lastEndMs), beganMs - settings.speechPadMs());
            return new SpeechEvent.Started(reportedStartMs);
        }
        return null;
    }
}
