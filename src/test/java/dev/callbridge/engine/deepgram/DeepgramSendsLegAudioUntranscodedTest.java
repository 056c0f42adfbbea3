package dev.callbridge.engine.deepgram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The leg's bytes go to Deepgram exactly as they came, declared in the query: μ-law as
 * {@code mulaw} at 8 kHz (no expansion to PCM, the point of this engine), A-law as {@code alaw},
 * 16-bit PCM as {@code linear16} at the leg's rate.
 */
class DeepgramSendsLegAudioUntranscodedTest {
    private final DeepgramFixture f = new DeepgramFixture();

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    private FakeDeepgram.Handshake stream(AudioFormat format, int index, String encoding) {
        f.fake.script().says("Testing one two.");
        AudioChunk audio = DeepgramFixture.tone(format, 1000);
        DeepgramFixture.Opened o = f.open(format, "en");
        f.speak(o.session(), audio, true);
        await().atMost(Duration.ofSeconds(5)).until(() -> o.recorder().answer() != null);
        assertThat(o.recorder().transcript().text()).isEqualTo("Testing one two.");
        assertThat(o.recorder().transcript().audio()).isEqualTo(Duration.ofSeconds(1));

        FakeListenStream stream = f.fake.awaitStream(index);
        assertThat(stream.audio()).as("the %s bytes, unchanged and in order", encoding).isEqualTo(audio.data());
        assertThat(stream.violations()).isEmpty();
        FakeDeepgram.Handshake h = f.fake.handshakes().get(index);
        assertThat(h.violations()).isEmpty();
        assertThat(h.params().get("encoding")).isEqualTo(encoding);
        assertThat(h.params().get("sample_rate")).isEqualTo(Integer.toString(format.sampleRate()));
        assertThat(h.params().get("channels")).isEqualTo("1");
        assertThat(h.params().get("model")).isEqualTo("nova-3");
        assertThat(h.headers().get("Authorization")).isEqualTo("Token " + DeepgramFixture.KEY);
        return h;
    }

    @Test
    void mulawAsMulaw() {
        FakeDeepgram.Handshake h = stream(AudioFormat.PCMU_8K, 0, "mulaw");
        assertThat(h.params().get("interim_results")).isEqualTo("true");
        assertThat(h.params().get("punctuate")).isEqualTo("true");
        assertThat(h.params().get("smart_format")).isEqualTo("true");
    }

    @Test
    void alawAsAlaw() {
        stream(AudioFormat.PCMA_8K, 0, "alaw");
    }

    @Test
    void pcmAsLinear16AtTheLegsRate() {
        stream(AudioFormat.L16_16K, 0, "linear16");
        stream(AudioFormat.L16_8K, 1, "linear16");
    }
}
