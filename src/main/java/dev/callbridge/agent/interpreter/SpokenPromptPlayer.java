package dev.callbridge.agent.interpreter;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.engine.EngineFailure;
import dev.callbridge.engine.tts.SpeechListener;
import dev.callbridge.engine.tts.Synthesis;
import dev.callbridge.engine.tts.TextToSpeech;

/**
 * Says one of the interpreter's own prompts to one party through the TTS engine, and reports once
 * the party has heard all of it, or once it cannot be said (the engine failed): whoever waits on a
 * prompt, such as a hang-up after "goodbye", is never left waiting on it. On the call's context.
 */
final class SpokenPromptPlayer {
    /** The tag on a prompt's end; the agent hands it back here when the leg says it was heard. */
    record PromptHeard(SpokenPromptPlayer player) {}

    private final Synthesis synthesis;
    private final Earpiece ear;
    private final Runnable whenHeard;
    private boolean done;

    private SpokenPromptPlayer(TextToSpeech tts, String text, String language, Earpiece ear, Runnable whenHeard) {
        this.ear = ear;
        this.whenHeard = whenHeard;
        this.synthesis = tts.speak(text, language, ear.format(), new SpeechListener() {
            @Override
            public void onAudio(AudioChunk frame) {
                if (!done) ear.play(frame, null);
            }

            @Override
            public void onEnd() {
                if (!done) ear.play(new AudioChunk(ear.format(), new byte[0]), new PromptHeard(SpokenPromptPlayer.this));
            }

            @Override
            public void onFailure(EngineFailure failure) {
                heard();
            }
        });
    }

    /** Starts saying {@code text}; {@code whenHeard} runs once, when it is heard or cannot be said. */
    static SpokenPromptPlayer say(TextToSpeech tts, String text, String language, Earpiece ear, Runnable whenHeard) {
        return new SpokenPromptPlayer(tts, text, language, ear, whenHeard);
    }

    /** The party heard the prompt to its end (or it could not be said). */
    void heard() {
        if (done) return;
        done = true;
        whenHeard.run();
    }

    /** Stops saying it; {@code whenHeard} will not run. */
    void cancel() {
        if (done) return;
        done = true;
        synthesis.cancel();
    }
}
