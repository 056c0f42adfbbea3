package dev.callbridge.engine.tts;

import dev.callbridge.engine.EngineFailure;

/** What a {@link TextToSpeech} counts, for {@code /metrics}. Called on the call's context; must be cheap and never block. */
public interface TextToSpeechMetrics {
    /** The request was sent and, {@code nanos} later, the first frame of audio went to the listener. */
    void firstAudio(long nanos);

    /** A synthesis ended: {@code outcome} is {@code end}, {@code cancelled} or a {@link EngineFailure.Kind} in lower case. */
    void synthesis(String outcome);

    TextToSpeechMetrics NONE = new TextToSpeechMetrics() {
        public void firstAudio(long nanos) { }
        public void synthesis(String outcome) { }
    };
}
