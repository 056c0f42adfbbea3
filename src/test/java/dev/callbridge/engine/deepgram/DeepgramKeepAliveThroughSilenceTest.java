package dev.callbridge.engine.deepgram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.audio.AudioFormat;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * When the audio stops for a while mid-utterance, KeepAlive messages keep Deepgram from closing the
 * stream for inactivity (NET-0001), and the utterance still ends with its final.
 */
class DeepgramKeepAliveThroughSilenceTest {
    private final DeepgramFixture f = new DeepgramFixture(DeepgramSpeechToText.Limits.DEFAULTS.withKeepAlive(Duration.ofMillis(200)));

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void keepAlivesWhileNoAudioFlows() {
        f.fake.script().says("Hold on.", "Yes, here I am.").idleTimeout(500);
        DeepgramFixture.Opened o = f.open(AudioFormat.PCMU_8K, "en");
        f.speak(o.session(), DeepgramFixture.tone(AudioFormat.PCMU_8K, 300), false);
        FakeListenStream stream = f.fake.awaitStream(0);
        await().atMost(Duration.ofSeconds(5)).until(() -> stream.controls().stream().filter(ListenCodec.KEEP_ALIVE::equals).count() >= 5);
        assertThat(stream.closed().isComplete()).as("not closed for inactivity").isFalse();
        f.speak(o.session(), DeepgramFixture.tone(AudioFormat.PCMU_8K, 300), true);
        await().atMost(Duration.ofSeconds(5)).until(() -> o.recorder().answer() != null);
        assertThat(o.recorder().transcript().text()).isEqualTo("Hold on. Yes, here I am.");
        assertThat(stream.violations()).isEmpty();
        assertThat(stream.controls().getLast()).isEqualTo(ListenCodec.CLOSE_STREAM);
    }
}
