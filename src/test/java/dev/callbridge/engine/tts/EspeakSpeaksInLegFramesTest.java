package dev.callbridge.engine.tts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.audio.AudioFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The real espeak-ng speaks an English sentence into the leg's own format, μ-law 8 kHz or L16
 * 16 kHz, in whole 20 ms frames, on the caller's context, as long as such a sentence takes to
 * say and loud enough to hear; then one end and nothing after it.
 */
class EspeakSpeaksInLegFramesTest {
    static final String SENTENCE = "Hello, how can I help you today?";
    private final EspeakFixture f = new EspeakFixture();

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void mulaw8kHz() throws Exception {
        check(AudioFormat.PCMU_8K, 160);
    }

    @Test
    void l16At16kHz() throws Exception {
        check(AudioFormat.L16_16K, 640);
    }

    private void check(AudioFormat leg, int frameBytes) throws Exception {
        SpeechRecorder r = f.spoken(SENTENCE, "en", leg);
        f.drainContext();
        SpeechMeter meter = new SpeechMeter(leg, r.audio());
        System.out.printf("%s: %d frames, %d ms, level %.1f dBFS%n", leg, r.frames.size(), r.millis(), meter.levelDb());
        assertThat(r.wrongContext).isNull();
        assertThat(r.afterTheEnd).isZero();
        assertThat(r.frames).isNotEmpty().allSatisfy(frame -> {
            assertThat(frame.format()).isEqualTo(leg);
            assertThat(frame.data()).hasSize(frameBytes);
        });
        assertThat(r.millis()).as("ten syllables, a comma and the final pause").isBetween(1500L, 4000L);
        assertThat(meter.levelDb()).as("loud enough to hear, not clipped").isBetween(-35.0, -6.0);
    }
}
