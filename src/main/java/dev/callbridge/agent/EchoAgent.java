package dev.callbridge.agent;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.call.Direction;
import dev.callbridge.call.EndReason;
import dev.callbridge.call.Leg;
import dev.callbridge.call.TranscriptEntry.Kind;
import dev.callbridge.call.TranscriptEntry.Speaker;
import io.vertx.core.Future;

/**
 * Plays every frame straight back to the party it came from, in its own format, so the
 * whole media path can be exercised and measured without an AI. DTMF digits and the call's
 * start and end go into the transcript. Once per second of echoed audio the frame carries a
 * tag, so playback acknowledgements ("heard") are exercised too.
 */
public final class EchoAgent implements Agent {
    /** Frames between playback tags: 50 × 20 ms = one acknowledgement per second. */
    static final int FRAMES_PER_TAG = 50;

    private CallContext ctx;
    private long echoedFrames;
    private long heardUpTo;

    @Override
    public Future<Void> start(CallContext ctx) {
        this.ctx = ctx;
        ctx.transcribe(Direction.OUTBOUND, Speaker.SYSTEM, Kind.EVENT, "echo agent started", ctx.elapsedMs(), null, false);
        return Future.succeededFuture();
    }

    @Override
    public void onAudio(Leg from, AudioChunk chunk) {
        long n = ++echoedFrames;
        from.play(chunk, n % FRAMES_PER_TAG == 0 ? n : null);
    }

    @Override
    public void onDtmf(Leg from, char digit) {
        ctx.callerPressed(digit);
    }

    @Override
    public void onHeard(Leg to, Object tag) {
        if (tag instanceof Long frames) heardUpTo = Math.max(heardUpTo, frames);
    }

    @Override
    public void stop(EndReason reason) {
        ctx.transcribe(Direction.OUTBOUND, Speaker.SYSTEM, Kind.EVENT,
                "call ended (" + reason + "); echoed " + echoedFrames + " frames, " + heardUpTo + " acknowledged as heard",
                ctx.elapsedMs(), null, false);
    }
}
