package dev.callbridge.engine.stt.sphinx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.audio.AudioFormat;
import dev.callbridge.call.CallEventBus;
import dev.callbridge.call.CallRegistry;
import dev.callbridge.config.Config;
import dev.callbridge.engine.Engines;
import dev.callbridge.engine.stt.SpeechToText;
import dev.callbridge.engine.stt.SttRecorder;
import dev.callbridge.metrics.GatewayMetrics;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code STT=sphinx} with {@code STT_GRAMMAR} and {@code STT_WORKERS} gives the engines a working Sphinx engine, freed on close. */
class SphinxIsBuiltFromTheConfigurationTest {
    @TempDir
    Path dir;

    @Test
    void fromTheEnvironment() throws Exception {
        Config config = Config.from(Map.of("DATA_DIR", dir.toString(), "STT", "sphinx", "STT_GRAMMAR", "digits", "STT_WORKERS", "1",
                "VAD", "off"));
        Vertx vertx = Vertx.vertx();
        GatewayMetrics metrics = new GatewayMetrics(new CallRegistry(1, new CallEventBus(), Clock.systemUTC(), c -> { }));
        try (Engines engines = Engines.from(config, vertx, metrics)) {
            assertThat(engines.stt()).isInstanceOf(SphinxSpeechToText.class);
            Context context = vertx.getOrCreateContext();
            SttRecorder recorder = new SttRecorder(context);
            CompletableFuture<Void> spoken = new CompletableFuture<>();
            context.runOnContext(v -> {
                SpeechToText.Session session = engines.stt().open(AudioFormat.PCMU_8K, "en", recorder);
                SphinxFixture.feed(session, SphinxFixture.spoken("eight one", AudioFormat.PCMU_8K), true);
                spoken.complete(null);
            });
            spoken.join();
            await().atMost(Duration.ofSeconds(30)).until(() -> !recorder.events.isEmpty());
            assertThat(recorder.transcript().text()).isEqualTo("eight one");
            assertThat(metrics.scrape()).contains("callbridge_stt_utterances_total{outcome=\"final\"} 1.0");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("sphinx-stt-") && t.isAlive());
    }
}
