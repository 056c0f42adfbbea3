package dev.callbridge.engine.stt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.audio.AudioFormat;
import dev.callbridge.call.CallEventBus;
import dev.callbridge.call.CallRegistry;
import dev.callbridge.engine.stt.FakeTranscriptions.Reply;
import dev.callbridge.metrics.GatewayMetrics;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every utterance's outcome is counted in /metrics by kind, and the latency of the finals is timed. */
class SttOutcomesAreCountedTest {
    private final GatewayMetrics metrics = new GatewayMetrics(new CallRegistry(1, new CallEventBus(), Clock.systemUTC(), c -> { }));
    private final SttFixture f = new SttFixture(TranscriptionsClient.Limits.DEFAULTS, metrics.speechToText());

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void finalsFailuresAndEmptiesAreCounted() {
        f.fake.enqueue(Reply.text("one")).enqueue(Reply.status(429, Reply.openAiError("slow down", "requests", "rate_limit_exceeded")));
        for (int i = 0; i < 3; i++) {
            SttFixture.Opened o = f.open(AudioFormat.PCMU_8K, "en");
            if (i < 2) f.speak(o.session(), Tones.tone(AudioFormat.PCMU_8K, 200), true);
            else f.onContext(() -> o.session().endOfUtterance());
            await().atMost(Duration.ofSeconds(5)).until(() -> !o.recorder().events.isEmpty());
        }
        assertThat(metrics.scrape()).contains(
                "callbridge_stt_utterances_total{outcome=\"final\"} 1.0",
                "callbridge_stt_utterances_total{outcome=\"rate_limited\"} 1.0",
                "callbridge_stt_utterances_total{outcome=\"empty\"} 1.0",
                "callbridge_stt_latency_seconds_count 1");
    }
}
