package dev.callbridge.agent.interpreter;

import static org.awaitility.Awaitility.await;

import dev.callbridge.audio.AudioFormat;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** A {@link DuckedMix} on a real Vert.x context, in front of a {@link RecordingLeg}. */
final class MixRig implements AutoCloseable {
    final Vertx vertx = Vertx.vertx();
    final Context context = vertx.getOrCreateContext();
    final RecordingLeg leg;
    final DuckedMix mix;

    MixRig(AudioFormat legFormat) {
        this(legFormat, System::nanoTime);
    }

    MixRig(AudioFormat legFormat, LongSupplier nanoClock) {
        leg = new RecordingLeg(legFormat);
        mix = new DuckedMix(leg, context, nanoClock);
    }

    /** Runs {@code action} on the call's context and waits for it, as the agent would call the mix. */
    void onContext(Runnable action) {
        on(() -> {
            action.run();
            return null;
        });
    }

    <T> T on(Supplier<T> action) {
        CompletableFuture<T> done = new CompletableFuture<>();
        context.runOnContext(v -> {
            try {
                done.complete(action.get());
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        });
        try {
            return done.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    void awaitUntil(BooleanSupplier condition) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).until(condition::getAsBoolean);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        onContext(mix::close);
        vertx.close().await();
    }
}
