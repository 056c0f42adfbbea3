package dev.callbridge.engine.translate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.config.Secret;
import dev.callbridge.engine.EngineFailure;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** A real {@link HttpTranslator} with one vendor's codec against that vendor's fake on loopback, for one test class. */
final class TranslatorFixture implements AutoCloseable {
    static final String DEEPL_KEY = "0b7c3d2e-1111-2222-3333-444455556666:fx";
    static final String LIBRE_KEY = "lt-key-0123456789";

    final Vertx vertx = Vertx.vertx();
    /** The context every translation starts on: a call's event loop stands in here. */
    final Context context = vertx.getOrCreateContext();
    final FakeTranslationServer fake;
    final HttpTranslator translator;

    TranslatorFixture(FakeTranslationServer.Vendor vendor, long seed, TranslationProtocol protocol, String key, HttpTranslator.Limits limits) {
        fake = FakeTranslationServer.start(vertx, vendor, seed);
        translator = new HttpTranslator(vertx, URI.create(fake.baseUrl()), Secret.ofNullable(key), protocol, limits);
    }

    static TranslatorFixture libreTranslate(long seed) {
        return new TranslatorFixture(new FakeLibreTranslate(seed, java.util.Set.of(LIBRE_KEY)), seed,
                new LibreTranslateProtocol(Secret.ofNullable(LIBRE_KEY)), LIBRE_KEY, HttpTranslator.Limits.DEFAULTS);
    }

    static TranslatorFixture deepL(long seed, long quota) {
        return new TranslatorFixture(new FakeDeepL(seed, DEEPL_KEY, quota), seed, new DeepLProtocol(Secret.ofNullable(DEEPL_KEY)), DEEPL_KEY,
                HttpTranslator.Limits.DEFAULTS);
    }

    static TranslatorFixture apertium(long seed) {
        return new TranslatorFixture(new FakeApertiumApy(seed), seed, new ApertiumApyProtocol(), null, HttpTranslator.Limits.DEFAULTS);
    }

    Translation translate(String text, String from, String to) throws Exception {
        return onContext(() -> translator.translate(text, from, to));
    }

    EngineFailure failure(String text, String from, String to) throws Exception {
        try {
            Translation t = translate(text, from, to);
            throw new AssertionError("expected a failure, got " + t);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(EngineFailure.class);
            EngineFailure failure = (EngineFailure) e.getCause();
            assertThat(failure.engine()).isEqualTo(EngineFailure.Engine.TRANSLATE);
            assertThat(failure.getMessage()).doesNotContain("\n").doesNotContain(DEEPL_KEY).doesNotContain(LIBRE_KEY);
            return failure;
        }
    }

    /** Runs {@code call} on {@link #context} and checks the future completes there too, as the seam promises. */
    <T> T onContext(Supplier<Future<T>> call) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(v -> call.get().onComplete(ar -> {
            if (Vertx.currentContext() != context) result.completeExceptionally(new AssertionError("completed off the caller's context"));
            else if (ar.succeeded()) result.complete(ar.result());
            else result.completeExceptionally(ar.cause());
        }));
        return result.get(15, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        translator.close().await();
        fake.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
