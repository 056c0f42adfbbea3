package dev.callbridge.engine.deepgram;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code STT=deepgram} builds this engine at start-up, and closing the engines closes its client. */
class SttEqualsDeepgramIsWiredTest {
    @TempDir
    Path dir;

    @Test
    void built() throws Exception {
        Config config = Config.from(Map.of("DATA_DIR", dir.toString(), "STT", "deepgram", "STT_API_KEY", "dg-abc"));
        Vertx vertx = Vertx.vertx();
        try (Engines engines = Engines.from(config, vertx, new GatewayMetrics(new CallRegistry(1, new CallEventBus(), Clock.systemUTC(), c -> { })))) {
            assertThat(engines.stt()).isInstanceOf(DeepgramSpeechToText.class);
            assertThat(engines.canRunPipeline()).isFalse();
        } finally {
            vertx.close().await();
        }
    }
}
