package dev.callbridge.engine.stt.sphinx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.engine.EngineFailure;
import dev.callbridge.engine.EngineFailure.Kind;
import dev.callbridge.engine.stt.SpeechToTextMetrics;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An utterance whose text is not back within the limit fails as a timeout, exactly once; its
 * recognition is cut short, so the recognizer is soon free, and the late result is dropped.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlowRecognitionTimesOutTest {
    /** 20 ms for six seconds of speech: no recognizer is that fast. */
    private final SphinxFixture f = new SphinxFixture("digits", 1,
            new SphinxSpeechToText.Limits(Duration.ofMillis(20), Duration.ofSeconds(30), 2), SpeechToTextMetrics.NONE);

    @AfterAll
    void close() throws Exception {
        f.close();
    }

    @Test
    void timesOut() {
        AudioChunk speech = SphinxFixture.spoken("one two three four five six seven eight nine zero, one two three four five six seven eight nine zero",
                AudioFormat.PCMU_8K);
        assertThat(speech.durationMillis()).isGreaterThan(5000);
        SphinxFixture.Opened o = f.open(AudioFormat.PCMU_8K, "en");
        f.speak(o.session(), speech, true);
        await().atMost(Duration.ofSeconds(5)).until(() -> !o.recorder().events.isEmpty());
        EngineFailure e = o.recorder().failure();
        assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(e.isTransient()).isTrue();
        assertThat(e.getMessage()).isEqualTo("STT: Sphinx gave no text within 20 ms of the end of the utterance (waiting for a free recognizer included)");
        await().atMost(Duration.ofSeconds(10)).until(() -> f.engine.idleRecognizers() == 1);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> o.recorder().events.size() == 1);
        assertThat(o.recorder().wrongContext).isEmpty();
    }
}
