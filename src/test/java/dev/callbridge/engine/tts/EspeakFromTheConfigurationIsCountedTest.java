package dev.callbridge.engine.tts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.audio.AudioFormat;
import dev.callbridge.call.CallEventBus;
import dev.callbridge.call.CallRegistry;
import dev.callbridge.config.Config;
import dev.callbridge.engine.Engines;
import dev.callbridge.metrics.GatewayMetrics;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code TTS=espeak} gives the espeak-ng engine from {@link Engines}, and its sentences are counted
 * in /metrics by outcome, with the time to first audio.
 */
class EspeakFromTheConfigurationIsCountedTest {
    @TempDir
    Path dir;

    @Test
    void builtFromTtsEspeakAndCounted() throws Exception {
        EspeakFixture.espeak(); // fails, saying what to install, when it is missing
        Config config = Config.from(Map.of("DATA_DIR", dir.toString(), "TTS", "espeak", "TTS_WORKERS", "2"));
        GatewayMetrics metrics = new GatewayMetrics(new CallRegistry(1, new CallEventBus(), Clock.systemUTC(), c -> { }));
        Vertx vertx = Vertx.vertx();
        try (Engines engines = Engines.from(config, vertx, metrics)) {
            assertThat(engines.tts()).isInstanceOf(EspeakSpeech.class);
            Context context = vertx.getOrCreateContext();
            SpeechRecorder spoken = new SpeechRecorder();
            SpeechRecorder refused = new SpeechRecorder();
            context.runOnContext(v -> {
                engines.tts().speak("Hello.", "en", AudioFormat.PCMU_8K, spoken);
                engines.tts().speak("Hello.", "xx", AudioFormat.PCMU_8K, refused);
            });
            CompletableFuture.allOf(spoken.ended, refused.failed).get(20, TimeUnit.SECONDS);
            assertThat(metrics.scrape()).contains(
                    "callbridge_tts_syntheses_total{outcome=\"end\"} 1.0",
                    "callbridge_tts_syntheses_total{outcome=\"rejected\"} 1.0",
                    "callbridge_tts_first_audio_seconds_count 1");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }
}
