package dev.callbridge.engine.stt.sphinx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.call.CallEventBus;
import dev.callbridge.call.CallRegistry;
import dev.callbridge.engine.stt.Transcript;
import dev.callbridge.metrics.GatewayMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An utterance in which nothing of the grammar is heard (a second of line silence) ends with one
 * empty final, as does one with no audio at all (without a recognition); both count as {@code empty}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SilenceGivesAnEmptyFinalTest {
    private final GatewayMetrics metrics = new GatewayMetrics(new CallRegistry(1, new CallEventBus(), Clock.systemUTC(), c -> { }));
    private final SphinxFixture f = new SphinxFixture("menu", 1, SphinxSpeechToText.Limits.DEFAULTS, metrics.speechToText());

    @AfterAll
    void close() throws Exception {
        f.close();
    }

    @Test
    void aSecondOfSilence() {
        byte[] silence = new byte[8000];
        Arrays.fill(silence, (byte) 0xFF); // μ-law zero
        SphinxFixture.Opened o = f.open(AudioFormat.PCMU_8K, "en");
        f.speak(o.session(), new AudioChunk(AudioFormat.PCMU_8K, silence), true);
        await().atMost(Duration.ofSeconds(30)).until(() -> !o.recorder().events.isEmpty());
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> o.recorder().events.size() == 1);
        Transcript t = o.recorder().transcript();
        assertThat(t.text()).isEmpty();
        assertThat(t.audio()).isEqualTo(Duration.ofSeconds(1));
        assertThat(t.latency()).as("recognised, so timed").isPositive();
        assertThat(o.recorder().wrongContext).isEmpty();

        SphinxFixture.Opened none = f.open(AudioFormat.PCMU_8K, "en");
        f.onContext(() -> none.session().endOfUtterance());
        await().atMost(Duration.ofSeconds(5)).until(() -> !none.recorder().events.isEmpty());
        assertThat(none.recorder().transcript().text()).isEmpty();
        assertThat(none.recorder().transcript().latency()).isZero();

        assertThat(metrics.scrape()).contains("callbridge_stt_utterances_total{outcome=\"empty\"} 2.0",
                "callbridge_stt_latency_seconds_count 1");
    }
}
