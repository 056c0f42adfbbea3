package dev.callbridge.engine.llm;

import dev.callbridge.engine.EngineFailure;

/** What a {@link ChatModel} counts, for {@code /metrics}. Called on the call's context; must be cheap and never block. */
public interface ChatModelMetrics {
    /** The request was sent and, {@code nanos} later, the first text or tool-call piece arrived. */
    void firstToken(long nanos);

    /** A completion ended: {@code outcome} is {@code end}, {@code cancelled} or a {@link EngineFailure.Kind} in lower case. */
    void completion(String outcome);

    ChatModelMetrics NONE = new ChatModelMetrics() {
        public void firstToken(long nanos) { }
        public void completion(String outcome) { }
    };
}
