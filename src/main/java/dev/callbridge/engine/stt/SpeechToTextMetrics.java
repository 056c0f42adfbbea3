package dev.callbridge.engine.stt;

import dev.callbridge.engine.EngineFailure;

/** What a {@link SpeechToText} counts, for {@code /metrics}. Called on the call's context; must be cheap and never block. */
public interface SpeechToTextMetrics {
    /** An utterance ended: {@code outcome} is {@code final}, {@code empty}, {@code cancelled} or a {@link EngineFailure.Kind} in lower case. */
    void utterance(String outcome);

    /** From {@code endOfUtterance} to the final text, {@code nanos}. */
    void latency(long nanos);

    SpeechToTextMetrics NONE = new SpeechToTextMetrics() {
        public void utterance(String outcome) { }
        public void latency(long nanos) { }
    };
}
