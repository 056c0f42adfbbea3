package dev.callbridge.engine.translate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.call.CallEventBus;
import dev.callbridge.call.CallRegistry;
import dev.callbridge.config.Config;
import dev.callbridge.engine.Engines;
import dev.callbridge.metrics.GatewayMetrics;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code TRANSLATE=…} builds its engine at start-up, on its own, pointed at {@code TRANSLATE_URL}; unset builds none. */
class TranslateIsWiredTest {
    @TempDir
    Path dir;

    private static GatewayMetrics metrics() {
        return new GatewayMetrics(new CallRegistry(1, new CallEventBus(), Clock.systemUTC(), c -> { }));
    }

    @Test
    void apertiumIsBuiltAndTranslatesThroughTheConfiguredUrl() throws Exception {
        Vertx vertx = Vertx.vertx();
        FakeTranslationServer fake = FakeTranslationServer.start(vertx, new FakeApertiumApy(1), 1);
        Config config = Config.from(Map.of("DATA_DIR", dir.toString(), "TRANSLATE", "apertium", "TRANSLATE_URL", fake.baseUrl() + "/"));
        try (Engines engines = Engines.from(config, vertx, metrics())) {
            assertThat(engines.translator()).isInstanceOf(HttpTranslator.class);
            assertThat(engines.canRunPipeline()).as("a translator alone is no pipeline").isFalse();
            CompletableFuture<Translation> t = new CompletableFuture<>();
            vertx.getOrCreateContext().runOnContext(v -> engines.translator().translate("good morning", "en", "es")
                    .onComplete(ar -> {
                        if (ar.succeeded()) t.complete(ar.result());
                        else t.completeExceptionally(ar.cause());
                    }));
            assertThat(t.get(15, TimeUnit.SECONDS).text()).isEqualTo("buenos días");
        } finally {
            fake.close();
            vertx.close().await();
        }
    }

    @Test
    void unsetBuildsNone() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (Engines engines = Engines.from(Config.from(Map.of("DATA_DIR", dir.toString())), vertx, metrics())) {
            assertThat(engines.translator()).isNull();
        } finally {
            vertx.close().await();
        }
    }
}
