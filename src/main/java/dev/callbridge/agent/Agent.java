package dev.callbridge.agent;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.call.EndReason;
import dev.callbridge.call.Interpretation;
import dev.callbridge.call.Leg;
import io.vertx.core.Future;

/**
 * The AI side of a call; one instance per call. An agent takes audio, DTMF and playback
 * acknowledgements from the call's legs, and answers through the {@link CallContext}: audio
 * via {@link Leg#play}, barge-in via {@link Leg#clear}, transcript entries, tool calls and
 * hang-up. It knows nothing about the provider.
 *
 * <p>Every method runs on the call's context, serially, and must not block.
 */
public interface Agent {
    /**
     * Starts the agent. Audio and DTMF that arrive before the returned future succeeds are
     * held by the call and delivered in order afterwards, so nothing is lost while, say, an
     * upstream session connects. A failed future ends the call with that failure as reason.
     */
    Future<Void> start(CallContext ctx);

    void onAudio(Leg from, AudioChunk chunk);

    void onDtmf(Leg from, char digit);

    /** The party on {@code to} has now heard the chunk played with {@code tag}. */
    void onHeard(Leg to, Object tag);

    /**
     * The call's language changed ({@code PUT /api/calls/{id}/language}): an agent that listens or
     * speaks through engines switches them from the next utterance on.
     */
    default void onLanguage(String language) {}

    /** An interpreted call's party changed language; A's change also comes through {@link #onLanguage(String)}. */
    default void onLanguage(Interpretation.Side party, String language) {}

    /** The call is ending; release upstream resources. Called once. */
    void stop(EndReason reason);
}
