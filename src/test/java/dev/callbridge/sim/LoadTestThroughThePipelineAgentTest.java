package dev.callbridge.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.it.GatewayFixture;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline benchmark in miniature: the real gateway with {@code AGENT=pipeline} and the real
 * Silero VAD, its production STT, LLM and TTS clients talking to {@link FixedLatencyEnginesServer},
 * under {@link LoadTest} with callers who speak ({@link SpeechLoop}). Each utterance must become one
 * turn through all three engines, answered without barge-ins; this checks counts, not timings.
 */
class LoadTestThroughThePipelineAgentTest {
    private static final int CALLS = 2;
    private static final int SECONDS = 14;

    @TempDir
    Path dir;
    private Vertx vertx;
    private FixedLatencyEnginesServer engines;

    @BeforeEach
    void startEngines() {
        vertx = Vertx.vertx();
        engines = FixedLatencyEnginesServer.start(vertx, new FixedLatencyEnginesServer.Options("127.0.0.1", 0,
                Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofMillis(50), 500, 1)).await();
    }

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    @Test
    void everyUtteranceIsAnsweredThroughTheThreeEngines() throws Exception {
        String url = engines.baseUrl();
        try (GatewayFixture gw = new GatewayFixture(dir, "AGENT", "pipeline", "VAD", "silero",
                "STT", "openai", "STT_URL", url, "STT_MODEL", "fixed-stt",
                "LLM", "openai", "LLM_URL", url, "LLM_MODEL", "fixed-llm",
                "TTS", "openai", "TTS_URL", url, "TTS_MODEL", "fixed-tts")) {
            GatewayTarget target = new GatewayTarget(URI.create(gw.base()), URI.create(gw.base()), Optional.empty());
            SpeechLoop speech = SpeechLoop.of(CallerAudio.load(null), 3000);
            var options = new LoadTest.Options(target, CALLS, SECONDS, LoadTest.Options.defaultRampMillis(CALLS), 2000, 2,
                    "+15551230000", "+15559870000", OptionalFields.ALL, speech);

            LoadReport r = new LoadTest(vertx, options, new LoadProgress()).run().await();

            assertThat(r.calls().ok()).as(r.table()).isEqualTo(CALLS);
            assertThat(r.clean()).isTrue();
            assertThat(r.frames().sent()).isEqualTo(CALLS * SECONDS * 50L);
            // The loop is 3.7 s of speech and 3 s of pause: each call ends at least one whole utterance in 14 s.
            assertThat(r.answers().latency().count()).as(r.table()).isGreaterThanOrEqualTo(CALLS);
            assertThat(r.answers().clears()).as("answers fit in the pause: no barge-in").isZero();
            // Each answer is two sentences of 500 ms, heard in full.
            assertThat(r.answers().agentAudioSeconds()).isGreaterThanOrEqualTo(r.answers().latency().count() * 1.0);
            assertThat(r.frames().unexpected()).isZero();
            FixedLatencyEnginesServer.Counters c = engines.counters();
            assertThat(c.refused()).as("the production clients' requests are what the fake expects").isZero();
            assertThat(c.completions()).isGreaterThanOrEqualTo(r.answers().latency().count());
            // Two sentences, two syntheses an answer; a call may hang up before its last answer is spoken.
            assertThat(c.speeches()).isBetween(2 * (c.completions() - CALLS), 2 * c.completions());
            assertThat(c.transcriptions()).isGreaterThanOrEqualTo(c.completions());
        }
    }
}
