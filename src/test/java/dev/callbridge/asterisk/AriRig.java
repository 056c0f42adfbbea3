package dev.callbridge.asterisk;

import dev.callbridge.config.Secret;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * A {@link FakeAri} with an {@link AriClient} and an {@link AriEventStream} pointed at it. The
 * stream is built on {@link #context} (so its callbacks must arrive there) with a fast, seeded
 * backoff: 10 ms doubling to 200 ms.
 */
final class AriRig implements AutoCloseable {
    static final String USER = "asterisk";
    static final String PASSWORD = "secret";
    static final String APP = "callbridge";

    final Vertx vertx;
    final FakeAri fake;
    final AriClient client;
    final RecordingListener listener = new RecordingListener();
    final Context context;
    private AriEventStream stream;

    private AriRig(Vertx vertx) {
        this.vertx = vertx;
        this.fake = FakeAri.start(vertx, USER, PASSWORD);
        this.client = new AriClient(vertx, fake.url(), USER, Secret.ofNullable(PASSWORD), APP);
        this.context = vertx.getOrCreateContext();
    }

    static AriRig start(Vertx vertx) {
        return new AriRig(vertx);
    }

    /** Builds the stream on {@link #context} with the given password and starts it, without waiting. */
    AriEventStream startStream(String password) {
        return startStream(password, new SplittableRandom(7));
    }

    /** As above, with the backoff's random source chosen (see {@link CeilingRandom}). */
    AriEventStream startStream(String password, RandomGenerator random) {
        return startStream(password, random, Duration.ofSeconds(10));
    }

    /** As above, with the ping interval chosen (the read-idle limit is three intervals). */
    AriEventStream startStream(String password, RandomGenerator random, Duration pingInterval) {
        AriEndpoint endpoint = AriEndpoint.of(fake.url(), USER, Secret.ofNullable(password), APP);
        CompletableFuture<AriEventStream> built = new CompletableFuture<>();
        context.runOnContext(v -> built.complete(new AriEventStream(vertx, endpoint, listener,
                new ReconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(200), random), pingInterval)));
        stream = built.join();
        stream.start();
        return stream;
    }

    /** Starts the stream with the right password and waits until the fake has its socket. */
    AriEventStream connectEvents() {
        AriEventStream s = startStream(PASSWORD);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> listener.connected.get() == 1 && fake.eventSocketConnected());
        return s;
    }

    static <T> T result(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The AriException a future failed with. */
    static AriException failure(Future<?> future) {
        try {
            result(future);
        } catch (AriException e) {
            return e;
        }
        throw new AssertionError("expected the call to fail");
    }

    @Override
    public void close() {
        if (stream != null) result(stream.close());
        result(client.close());
        fake.close();
    }
}
