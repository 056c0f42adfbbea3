package dev.callbridge.engine.stt.sphinx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.engine.EngineFailure;
import dev.callbridge.engine.EngineFailure.Kind;
import dev.callbridge.engine.stt.SpeechToTextMetrics;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Audio past the per-utterance bound fails the utterance at once as too long, exactly once; nothing is recognised. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UtteranceTooLongForSphinxFailsTest {
    private final SphinxFixture f = new SphinxFixture("digits", 1,
            new SphinxSpeechToText.Limits(Duration.ofSeconds(15), Duration.ofSeconds(2), 2), SpeechToTextMetrics.NONE);

    @AfterAll
    void close() throws Exception {
        f.close();
    }

    @Test
    void pastTheBound() {
        AudioChunk speech = SphinxFixture.spoken("one two three four five six seven eight nine", AudioFormat.PCMU_8K);
        assertThat(speech.durationMillis()).isGreaterThan(2000);
        SphinxFixture.Opened o = f.open(AudioFormat.PCMU_8K, "en");
        f.speak(o.session(), speech, true);
        await().atMost(Duration.ofSeconds(5)).until(() -> !o.recorder().events.isEmpty());
        EngineFailure e = o.recorder().failure();
        assertThat(e.kind()).isEqualTo(Kind.TOO_LONG);
        assertThat(e.getMessage()).isEqualTo("STT: the utterance ran past 2 s of audio; it was dropped, not recognised");
        assertThat(e.isTransient()).isFalse();
        // Exactly one answer, though endOfUtterance came after the failure, and no recognition started.
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> o.recorder().events.size() == 1);
        assertThat(f.engine.idleRecognizers()).isEqualTo(1);
        assertThat(o.recorder().wrongContext).isEmpty();
    }

    @Test
    void exactlyAtTheBoundIsRecognised() {
        AudioChunk speech = SphinxFixture.spoken("four two", AudioFormat.PCMU_8K);
        byte[] padded = Arrays.copyOf(speech.data(), 16_000); // two seconds, the last of it μ-law silence
        Arrays.fill(padded, speech.data().length, padded.length, (byte) 0xFF);
        SphinxFixture.Opened o = f.open(AudioFormat.PCMU_8K, "en");
        f.speak(o.session(), new AudioChunk(AudioFormat.PCMU_8K, padded), true);
        await().atMost(Duration.ofSeconds(30)).until(() -> !o.recorder().events.isEmpty());
        assertThat(o.recorder().transcript().text()).isEqualTo("four two");
    }
}
