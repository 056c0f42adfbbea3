package dev.callbridge.engine.openai;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one fake session will do, written by the test before or during the call; consumed by the
 * session on its event loop, so every method is synchronized.
 *
 * <ul>
 *   <li>{@link #speech}: the caller speaks from input-audio ms {@code startMs} to {@code endMs}
 *       (session audio time: ms of audio appended since the session began). Server VAD is
 *       simulated from these marks, not from the signal.</li>
 *   <li>{@link #energyVad}: or VAD from frame energy, for real recorded speech.</li>
 *   <li>{@link #respond}: the responses, in order, for each {@code response.create} or VAD
 *       auto-response. With none left, the model answers 200 ms of silence with an empty transcript.</li>
 *   <li>{@link #failNext}: the next client event of a type is answered with an {@code error}
 *       event instead of being handled.</li>
 *   <li>{@link #answerResponseCreates}: only so many {@code response.create}s are answered; the
 *       rest are read and never answered, as from a model that has stalled.</li>
 *   <li>{@link #acknowledgeUpdatesAfter}: a {@code session.update} takes effect at once (later
 *       events are read under it, as the real server reads them in order), but its
 *       {@code session.updated} comes this much later.</li>
 * </ul>
 */
final class RealtimeScript {
    /** One caller utterance, in input-audio ms; {@code transcript} feeds input transcription events. */
    record Speech(long startMs, long endMs, String transcript) {
        Speech {
            if (endMs <= startMs) throw new IllegalArgumentException("speech must end after it starts: " + startMs + ".." + endMs);
        }
    }

    private final Deque<Speech> speech = new ArrayDeque<>();
    private final Deque<ScriptedResponse> responses = new ArrayDeque<>();
    private final Map<String, Deque<RealtimeError>> failures = new HashMap<>();
    private final Deque<String> energyTranscripts = new ArrayDeque<>();
    private int energyThreshold = -1;
    private int responseCreatesToAnswer = Integer.MAX_VALUE;
    private long updateAckDelayMs;

    /**
     * Energy mode instead of speech marks: a frame whose RMS (16-bit linear, after μ-law/A-law
     * decoding) reaches {@code rmsThreshold} is speech. Each utterance takes the next transcript
     * (then ""). An absolute RMS rather than the session's 0–1 {@code threshold}: ASSUMED, the
     * real detector is a model, not an energy gate.
     */
    synchronized RealtimeScript energyVad(int rmsThreshold, String... transcripts) {
        energyThreshold = rmsThreshold;
        energyTranscripts.addAll(List.of(transcripts));
        return this;
    }

    synchronized int energyThreshold() {
        return energyThreshold;
    }

    synchronized String nextEnergyTranscript() {
        String t = energyTranscripts.pollFirst();
        return t == null ? "" : t;
    }

    synchronized RealtimeScript speech(long startMs, long endMs, String transcript) {
        if (!speech.isEmpty() && speech.peekLast().endMs() >= startMs) throw new IllegalArgumentException("speech windows must be in order and apart");
        speech.add(new Speech(startMs, endMs, transcript));
        return this;
    }

    synchronized RealtimeScript respond(ScriptedResponse... rs) {
        responses.addAll(List.of(rs));
        return this;
    }

    synchronized RealtimeScript failNext(String clientEventType, RealtimeError error) {
        failures.computeIfAbsent(clientEventType, k -> new ArrayDeque<>()).add(error);
        return this;
    }

    /** Answers only the first {@code n} {@code response.create}s of the session; later ones get no event at all. */
    synchronized RealtimeScript answerResponseCreates(int n) {
        responseCreatesToAnswer = n;
        return this;
    }

    /** Counts one {@code response.create}; false once the scripted number has been answered. */
    synchronized boolean answersResponseCreate() {
        if (responseCreatesToAnswer <= 0) return false;
        responseCreatesToAnswer--;
        return true;
    }

    synchronized Optional<Speech> peekSpeech() {
        return Optional.ofNullable(speech.peekFirst());
    }

    synchronized void speechDone() {
        speech.pollFirst();
    }

    synchronized ScriptedResponse nextResponse(int silenceBytes) {
        ScriptedResponse r = responses.pollFirst();
        return r != null ? r : ScriptedResponse.audio(new byte[silenceBytes], "");
    }

    synchronized RealtimeScript acknowledgeUpdatesAfter(long delayMs) {
        updateAckDelayMs = delayMs;
        return this;
    }

    synchronized long updateAckDelayMs() {
        return updateAckDelayMs;
    }

    synchronized Optional<RealtimeError> takeFailure(String clientEventType) {
        Deque<RealtimeError> q = failures.get(clientEventType);
        return Optional.ofNullable(q == null ? null : q.pollFirst());
    }
}
