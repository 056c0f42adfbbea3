package dev.callbridge.engine.tts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.audio.AudioFormat;
import dev.callbridge.call.CallEventBus;
import dev.callbridge.call.CallRegistry;
import dev.callbridge.engine.tts.FakeElevenLabs.Reply;
import dev.callbridge.metrics.GatewayMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every synthesis's outcome is counted in /metrics (spoken, cancelled, refused by kind), and its first audio timed. */
class ElevenLabsOutcomesAreCountedTest {
    private final GatewayMetrics metrics = new GatewayMetrics(new CallRegistry(1, new CallEventBus(), Clock.systemUTC(), c -> { }));
    private final ElevenLabsFixture f = new ElevenLabsFixture(ElevenLabsFixture.MODEL, ElevenLabsSpeechClient.Limits.DEFAULTS,
            metrics.textToSpeech());

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void endsCancelsAndRefusalsAreCounted() throws Exception {
        f.fake.enqueue(Reply.speech(1).millis(300));
        f.speak("Hello.", AudioFormat.PCMU_8K).recorder().ended.get(5, TimeUnit.SECONDS);
        f.fake.enqueue(Reply.speech(2).millis(100).pause(3000).millis(100));
        SpeechFixture.Started cancelled = f.speak("Hello again.", AudioFormat.PCMU_8K);
        await().atMost(Duration.ofSeconds(5)).until(() -> !cancelled.recorder().frames.isEmpty());
        cancelled.synthesis().cancel();
        f.fake.enqueue(Reply.refuse(401, "", FakeElevenLabs.errorBody("invalid_api_key", "Invalid API key")));
        f.speak("Hello?", AudioFormat.PCMU_8K).recorder().failed.get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(metrics.scrape()).contains(
                "callbridge_tts_syntheses_total{outcome=\"end\"} 1.0",
                "callbridge_tts_syntheses_total{outcome=\"cancelled\"} 1.0",
                "callbridge_tts_syntheses_total{outcome=\"unauthorized\"} 1.0",
                "callbridge_tts_first_audio_seconds_count 2"));
    }
}
