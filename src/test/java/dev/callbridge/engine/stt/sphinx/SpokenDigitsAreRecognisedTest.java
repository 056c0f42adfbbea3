package dev.callbridge.engine.stt.sphinx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.engine.stt.Transcript;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Digits spoken by FreeTTS, sent as a phone leg sends them (μ-law 8 kHz in 20 ms frames), come back
 * as the words said, through the default {@code menu} grammar: the audio is expanded and resampled to
 * the model's 16 kHz, recognised off the event loop, and answered once on the session's context.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpokenDigitsAreRecognisedTest {
    private final SphinxFixture f = new SphinxFixture("menu");

    @AfterAll
    void close() throws Exception {
        f.close();
    }

    private Transcript recognise(String said, AudioFormat format) {
        AudioChunk audio = SphinxFixture.spoken(said, format);
        SphinxFixture.Opened o = f.open(format, "en");
        f.speak(o.session(), audio, true);
        await().atMost(Duration.ofSeconds(30)).until(() -> !o.recorder().events.isEmpty());
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> o.recorder().events.size() == 1);
        assertThat(o.recorder().wrongContext).isEmpty();
        Transcript t = o.recorder().transcript();
        assertThat(t.audio()).isEqualTo(Duration.ofNanos(audio.durationMicros() * 1000));
        System.out.printf("sphinx, %s %s: '%s' in %d ms for %d ms of audio%n", format.encoding(), format.sampleRate(), t.text(),
                t.latency().toMillis(), t.audio().toMillis());
        return t;
    }

    @Test
    void threeDigitsThroughAPhoneLeg() {
        Transcript t = recognise("four two seven", AudioFormat.PCMU_8K);
        assertThat(t.text()).isEqualTo("four two seven");
        assertThat(t.language()).isEqualTo("en");
        assertThat(t.latency()).isPositive().isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void aLongNumberKeepsItsFirstDigits() {
        // Speech from the first frame: without the engine's lead-in of silence Sphinx dropped "one two".
        assertThat(recognise("one two three, four five six", AudioFormat.PCMU_8K).text()).isEqualTo("one two three four five six");
    }

    @Test
    void aWidebandLegToo() {
        assertThat(recognise("nine oh eight", AudioFormat.L16_24K).text()).isEqualTo("nine oh eight");
        assertThat(recognise("five five one", AudioFormat.PCMA_8K).text()).isEqualTo("five five one");
    }
}
