package dev.callbridge.engine.tts;

import dev.callbridge.engine.EngineFailure;
import dev.callbridge.audio.AudioChunk;

/** What a {@link Synthesis} reports, on the context that started it: audio in order, then exactly one {@link #onEnd} or {@link #onFailure}. */
public interface SpeechListener {
    /**
     * The next 20 ms of speech, in the format {@link TextToSpeech#speak} was asked for. Every chunk is
     * a whole frame; the last one is padded with silence to a whole frame.
     */
    void onAudio(AudioChunk frame);

    void onEnd();

    /** The synthesis failed; {@link EngineFailure#kind()} says how, and audio already delivered stays delivered. */
    void onFailure(EngineFailure failure);
}
