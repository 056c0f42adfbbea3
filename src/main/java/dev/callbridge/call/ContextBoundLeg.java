package dev.callbridge.call;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * A leg that lives on another event loop than its call: an interpreted call's second party, whose
 * media connection came in wherever the provider put it. Everything the call asks of the leg is
 * run on the leg's context, and everything the leg reports is run on the call's, each in order, so
 * both sides keep their one-context rule. It costs one hop per frame each way, for that party only.
 */
final class ContextBoundLeg implements Leg {
    private final Leg leg;
    private final Context legContext;
    private final Call call;

    ContextBoundLeg(Leg leg, Context legContext, Call call) {
        this.leg = leg;
        this.legContext = legContext;
        this.call = call;
    }

    @Override
    public AudioFormat format() {
        return leg.format();
    }

    @Override
    public void play(AudioChunk chunk, Object tag) {
        legContext.runOnContext(v -> leg.play(chunk, tag));
    }

    @Override
    public void clear() {
        legContext.runOnContext(v -> leg.clear());
    }

    @Override
    public void sendDtmf(String digits) {
        legContext.runOnContext(v -> leg.sendDtmf(digits));
    }

    @Override
    public Future<Void> transfer(String destination) {
        Promise<Void> done = Promise.promise();
        legContext.runOnContext(v -> leg.transfer(destination).onComplete(ar -> call.execute(() -> done.handle(ar))));
        return done.future();
    }

    @Override
    public void hangup(EndReason reason) {
        legContext.runOnContext(v -> leg.hangup(reason));
    }

    @Override
    public void listen(LegListener listener) {
        legContext.runOnContext(v -> leg.listen(new LegListener() {
            @Override
            public void onAudio(AudioChunk chunk) {
                call.execute(() -> listener.onAudio(chunk));
            }

            @Override
            public void onDtmf(char digit) {
                call.execute(() -> listener.onDtmf(digit));
            }

            @Override
            public void onHeard(Object tag) {
                call.execute(() -> listener.onHeard(tag));
            }

            @Override
            public void onEnded(EndReason reason) {
                call.execute(() -> listener.onEnded(reason));
            }
        }));
    }

    @Override
    public void tapPlayout(PlayoutTap tap) {
        legContext.runOnContext(v -> leg.tapPlayout(tap));
    }
}
