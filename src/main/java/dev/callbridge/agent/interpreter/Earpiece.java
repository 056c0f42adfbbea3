package dev.callbridge.agent.interpreter;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;

/**
 * What one party of an interpreted call hears: the interpretation of the other party's words and,
 * with {@code INTERPRETER_MIX=both}, the other party's own voice ducked low under it. Interpretation
 * audio is played and tagged exactly as {@link dev.callbridge.call.Leg#play} does: a tag comes back
 * through the leg's {@code onHeard} once everything up to it has been heard, so "what the listener
 * heard" stays exact whatever the mix. All methods run on the call's context and never block.
 */
interface Earpiece {
    /** The format interpretation audio must be in: the listener's leg's. */
    AudioFormat format();

    /** Queues interpretation audio; {@code tag} as for {@link dev.callbridge.call.Leg#play}. */
    void play(AudioChunk chunk, Object tag);

    /** Barge-in: the interpretation not yet heard is dropped (its tags never come back). The original voice goes on. */
    void clear();

    /** The other party's voice as it arrives, in their leg's format; ignored unless the mix has it. */
    void original(AudioChunk chunk);

    /** The call is over: timers stop, nothing more is played. */
    void close();
}
