package dev.callbridge.engine.stt.sphinx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.engine.stt.SpeechToTextMetrics;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Cancel discards the utterance: a recognition running on the worker is cut short and its result
 * dropped, a waiting one never runs, and the listener hears nothing. The recognizer is free again
 * afterwards and recognises the next utterance correctly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CancelledRecognitionIsSilentTest {
    private final SphinxFixture f = new SphinxFixture("digits", 1,
            new SphinxSpeechToText.Limits(Duration.ofSeconds(60), Duration.ofSeconds(30), 2), SpeechToTextMetrics.NONE);
    private final AudioChunk longNumber = SphinxFixture.spoken(
            "one two three four five six seven eight nine zero, one two three four five six seven eight nine zero,"
                    + " one two three four five six seven eight nine zero", AudioFormat.PCMU_8K);

    @AfterAll
    void close() throws Exception {
        f.close();
    }

    @Test
    void whileRecognising() {
        SphinxFixture.Opened running = f.open(AudioFormat.PCMU_8K, "en");
        SphinxFixture.Opened waiting = f.open(AudioFormat.PCMU_8K, "en");
        f.onContext(() -> {
            SphinxFixture.feed(running.session(), longNumber, true);
            SphinxFixture.feed(waiting.session(), longNumber, true);
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> f.engine.idleRecognizers() == 0);
        f.onContext(() -> {
            running.session().cancel();
            waiting.session().cancel();
        });
        // The cut-short recognition gives its recognizer back; the waiting one never takes it.
        await().atMost(Duration.ofSeconds(10)).until(() -> f.engine.idleRecognizers() == 1);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                .until(() -> running.recorder().events.isEmpty() && waiting.recorder().events.isEmpty());

        SphinxFixture.Opened next = f.open(AudioFormat.PCMU_8K, "en");
        f.speak(next.session(), SphinxFixture.spoken("four two seven", AudioFormat.PCMU_8K), true);
        await().atMost(Duration.ofSeconds(30)).until(() -> !next.recorder().events.isEmpty());
        assertThat(next.recorder().transcript().text()).isEqualTo("four two seven");
    }

    @Test
    void beforeTheEnd() {
        SphinxFixture.Opened o = f.open(AudioFormat.PCMU_8K, "en");
        AtomicReference<Integer> idleAfter = new AtomicReference<>();
        f.speak(o.session(), longNumber, false);
        f.onContext(() -> {
            o.session().cancel();
            o.session().endOfUtterance();
            o.session().audio(longNumber);
            idleAfter.set(f.engine.idleRecognizers());
        });
        assertThat(idleAfter.get()).as("nothing was queued").isEqualTo(1);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> o.recorder().events.isEmpty());
    }
}
