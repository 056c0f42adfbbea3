package dev.callbridge.agent.interpreter;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.call.Leg;
import io.vertx.core.Context;

/** Placeholder replaced by the mixer branch (i11-mix) before this lands: plays the interpretation only. */
final class DuckedMix implements Earpiece {
    private final Leg leg;

    DuckedMix(Context context, Leg leg) {
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
    }

    @Override
    public void close() {
    }
}
