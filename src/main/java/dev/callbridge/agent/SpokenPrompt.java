package dev.callbridge.agent;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.Wav;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** A short recorded prompt shipped with the gateway, and its words for the transcript. */
public record SpokenPrompt(String text, AudioChunk audio) {
    /** Reads a WAV from the class path, e.g. {@code /audio/tool-one-moment.wav}. */
    public static SpokenPrompt fromResource(String path, String text) {
        try (InputStream in = SpokenPrompt.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException(path + " is missing from the build");
            return new SpokenPrompt(text, Wav.parse(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What callers hear when the AI upstream cannot take or keep the call. */
    public static SpokenPrompt unavailable() {
        return fromResource("/audio/fallback-unavailable.wav",
                "Sorry, our assistant is not available right now. Please call again later. Goodbye.");
    }

    /** What callers hear while a slow tool runs, so the line is never silent. */
    public static SpokenPrompt oneMoment() {
        return fromResource("/audio/tool-one-moment.wav", "One moment, please.");
    }
}
