package dev.callbridge.engine.tts;

import dev.callbridge.audio.AudioFormat;

/**
 * Speech synthesis as a stream: one piece of text (a sentence or a clause) in; audio out in the
 * leg's own format as the engine produces it, then one end or one failure. The pipeline agent
 * speaks each sentence as the text model finishes it and cancels what is in flight when the
 * caller barges in. Engines may talk HTTP (OpenAI-compatible), a WebSocket (ElevenLabs) or run a
 * local process (espeak-ng); the seam hides which.
 *
 * <p>Threading: call {@link #speak} on a Vert.x context (the call's event loop). It never blocks;
 * every {@link SpeechListener} callback runs later on that same context, one at a time, so the
 * caller needs no locks. Implementations are shared by all calls.
 */
public interface TextToSpeech {

    /**
     * Starts speaking {@code text}.
     *
     * @param text     what to say; not blank
     * @param language the BCP-47 language of the text (e.g. {@code es}), or null when unknown; an
     *                 engine whose voices follow the text on their own may ignore it
     * @param out      the leg's format: audio reaches the listener in it, in whole 20 ms frames
     *                 (μ-law 8 kHz for a phone leg, L16 16 kHz for a wideband one)
     * @param listener hears {@code onAudio} any number of times, then exactly one of {@code onEnd} or
     *                 {@code onFailure}; nothing at all once the synthesis is cancelled
     * @return the handle to cancel it with
     * @throws IllegalStateException    when not called on a Vert.x context
     * @throws IllegalArgumentException when {@code text} is blank
     */
    Synthesis speak(String text, String language, AudioFormat out, SpeechListener listener);
}
