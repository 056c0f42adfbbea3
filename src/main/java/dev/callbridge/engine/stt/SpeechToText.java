package dev.callbridge.engine.stt;

import dev.callbridge.engine.EngineFailure;
import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;

/**
 * Speech to text, one utterance at a time: the pipeline agent opens a {@link Session} when the
 * VAD hears the caller start, feeds it the leg's frames, and says when the caller stopped. A
 * streaming engine (Deepgram) may report partial text while the caller speaks; a batch engine
 * (OpenAI-compatible, Sphinx4) buffers and answers once after {@link Session#endOfUtterance}.
 *
 * <p>Threading: call {@link #open} and every {@link Session} method on a Vert.x context (the call's
 * event loop). Nothing blocks; every {@link Listener} callback runs later on that same context.
 * Implementations are shared by all calls.
 */
public interface SpeechToText {

    /**
     * Starts one utterance.
     *
     * @param format   the format of the chunks {@link Session#audio} will get (the leg's)
     * @param language the speaker's language as ISO-639-1 ({@code en}, {@code es}), or null to let the engine detect it
     * @param listener hears {@code onPartial} any number of times, then, after {@link Session#endOfUtterance}
     *                 (or earlier, on a failure), exactly one of {@code onFinal} or {@code onFailure};
     *                 nothing at all once the session is cancelled
     * @throws IllegalStateException when not called on a Vert.x context
     */
    Session open(AudioFormat format, String language, Listener listener);

    /** One utterance being transcribed. */
    interface Session {
        /** The next frames of the utterance, in the format given to {@link #open}. Ignored once the session is over. */
        void audio(AudioChunk chunk);

        /** The caller stopped speaking: the engine finishes and answers. Later audio is ignored. */
        void endOfUtterance();

        /** Abandons the utterance: requests in flight are aborted and the listener hears nothing more. Idempotent. */
        void cancel();
    }

    /** What a session reports, on the context that opened it. */
    interface Listener {
        /** The text so far of an utterance still going on; each replaces the one before. Batch engines never call it. */
        default void onPartial(String text) { }

        /** The utterance's text; empty when nothing was said (an empty utterance is not sent anywhere). */
        void onFinal(Transcript transcript);

        void onFailure(EngineFailure failure);
    }
}
