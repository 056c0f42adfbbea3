package dev.callbridge.engine.stt;

import java.time.Duration;
import java.util.Objects;

/**
 * An utterance's final text.
 *
 * @param text     what was said, trimmed; empty when nothing was recognised
 * @param language ISO-639-1 as asked for or as the engine detected it, or null when unknown
 * @param audio    how much audio the utterance had
 * @param latency  the engine's share of the turn: from {@code endOfUtterance} to this answer
 */
public record Transcript(String text, String language, Duration audio, Duration latency) {
    public Transcript {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(audio, "audio");
        Objects.requireNonNull(latency, "latency");
    }
}
