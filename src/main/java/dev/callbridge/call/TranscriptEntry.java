package dev.callbridge.call;

import java.time.Instant;

/**
 * One line of a call's transcript. {@code startMs}/{@code endMs} are offsets from the call's
 * answer; {@code interrupted} marks agent speech cut short by barge-in, in which case
 * {@code text} holds only what the caller heard.
 */
public record TranscriptEntry(
        int seq,
        Direction direction,
        Speaker speaker,
        Kind kind,
        String text,
        String language,
        String translation,
        Long startMs,
        Long endMs,
        Instant timestamp,
        boolean interrupted) {

    /** {@code a} and {@code b}: the two parties of an interpreted call, where there is no agent speaking for itself. */
    public enum Speaker { CALLER, AGENT, SYSTEM, A, B }

    public enum Kind { SPEECH, DTMF, TOOL, EVENT }

    public TranscriptEntry {
        if (seq < 1) throw new IllegalArgumentException("transcript seq starts at 1, got " + seq);
        if (direction == null || speaker == null || kind == null || timestamp == null) {
            throw new IllegalArgumentException("direction, speaker, kind and timestamp are required");
        }
    }
}
