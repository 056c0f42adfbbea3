package dev.callbridge.call;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import io.vertx.core.Context;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** For tests that drive a {@link Call} by hand: run on its context and wait, and a recognisable frame. */
final class OnContext {
    private OnContext() {}

    /** Runs {@code r} on {@code ctx} and waits (5 s at most) for it, rethrowing what it threw. */
    static void run(Context ctx, Runnable r) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        ctx.runOnContext(v -> {
            try {
                r.run();
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        done.get(5, TimeUnit.SECONDS);
    }

    /** A 20 ms μ-law frame whose first byte is {@code first}, so it can be told apart on the other side. */
    static AudioChunk frame(int first) {
        byte[] b = new byte[160];
        b[0] = (byte) first;
        return new AudioChunk(AudioFormat.PCMU_8K, b);
    }
}
