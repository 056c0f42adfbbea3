package dev.callbridge.engine.deepgram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.audio.AudioFormat;
import dev.callbridge.call.CallEventBus;
import dev.callbridge.call.CallRegistry;
import dev.callbridge.metrics.GatewayMetrics;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each utterance's outcome is counted once in /metrics, as for every STT engine, and the finals' latency is timed. */
class DeepgramOutcomesAreCountedTest {
    private final GatewayMetrics metrics = new GatewayMetrics(new CallRegistry(1, new CallEventBus(), Clock.systemUTC(), c -> { }));
    private final DeepgramFixture f = new DeepgramFixture(DeepgramSpeechToText.Limits.DEFAULTS, "nova-3", metrics.speechToText());

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void finalsFailuresEmptiesAndCancelsAreCounted() {
        f.fake.script().says("Counted.");
        DeepgramFixture.Opened ok = f.open(AudioFormat.PCMU_8K, "en");
        f.speak(ok.session(), DeepgramFixture.tone(AudioFormat.PCMU_8K, 400), true);
        await().atMost(Duration.ofSeconds(5)).until(() -> ok.recorder().answer() != null);

        f.fake.refuseNext(FakeDeepgram.Refusal.legacy(429, "TOO_MANY_REQUESTS", "Too many requests."));
        Failures.of(f, 200);

        DeepgramFixture.Opened empty = f.open(AudioFormat.PCMU_8K, "en");
        f.onContext(() -> empty.session().endOfUtterance());
        await().atMost(Duration.ofSeconds(5)).until(() -> empty.recorder().answer() != null);

        DeepgramFixture.Opened cancelled = f.open(AudioFormat.PCMU_8K, "en");
        f.speak(cancelled.session(), DeepgramFixture.tone(AudioFormat.PCMU_8K, 200), false);
        f.onContext(() -> {
            cancelled.session().cancel();
            cancelled.session().cancel();
        });

        assertThat(metrics.scrape()).contains(
                "callbridge_stt_utterances_total{outcome=\"final\"} 1.0",
                "callbridge_stt_utterances_total{outcome=\"rate_limited\"} 1.0",
                "callbridge_stt_utterances_total{outcome=\"empty\"} 1.0",
                "callbridge_stt_utterances_total{outcome=\"cancelled\"} 1.0",
                "callbridge_stt_latency_seconds_count 1");
    }
}
