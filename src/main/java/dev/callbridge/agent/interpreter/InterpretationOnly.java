package dev.callbridge.agent.interpreter;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.call.Leg;

/**
 * {@code INTERPRETER_MIX=translation}: the listener hears the interpretation alone, straight onto
 * their leg, with nothing between; the other party's own voice is not passed on.
 */
final class InterpretationOnly implements Earpiece {
    private final Leg leg;

    InterpretationOnly(Leg leg) {
        this.leg = leg;
    }

    @Override
    public AudioFormat format() {
        return leg.format();
    }

    @Override
    public void play(AudioChunk chunk, Object tag) {
        leg.play(chunk, tag);
    }

    @Override
    public void clear() {
        leg.clear();
    }

    @Override
    public void original(AudioChunk chunk) {
        // Not in this mix.
    }

    @Override
    public void close() {
        // Nothing of its own to stop.
    }
}
