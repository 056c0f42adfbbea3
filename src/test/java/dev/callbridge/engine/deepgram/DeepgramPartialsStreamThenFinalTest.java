package dev.callbridge.engine.deepgram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.audio.AudioFormat;
import dev.callbridge.engine.stt.Transcript;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * While the caller speaks, each interim result comes up as the text so far (the finals joined, then
 * the interim); after the end, Finalize then CloseStream go up and exactly one final comes back: the
 * final results joined, never the interims, whichever of from_finalize, Metadata or the close ends it.
 */
class DeepgramPartialsStreamThenFinalTest {
    private final DeepgramFixture f = new DeepgramFixture();

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    private SessionRecorder utterance(ListenScript script, int millis) {
        DeepgramFixture.Opened o = f.open(AudioFormat.PCMU_8K, "en");
        f.speak(o.session(), DeepgramFixture.tone(AudioFormat.PCMU_8K, millis), false);
        await().atMost(Duration.ofSeconds(5)).until(() -> o.recorder().partials().size() >= 2);
        f.onContext(() -> o.session().endOfUtterance());
        await().atMost(Duration.ofSeconds(5)).until(() -> o.recorder().answer() != null);
        await().during(Duration.ofMillis(150)).atMost(Duration.ofSeconds(2)).until(() -> o.recorder().answers() == 1);
        assertThat(o.recorder().wrongContext).isEmpty();
        return o.recorder();
    }

    @Test
    void partialsGrowThenOneFinalOfTheFinals() {
        f.fake.script().says("Hello there.", "I'd like to book a table for two, please.");
        SessionRecorder r = utterance(null, 3000);

        Transcript t = r.transcript();
        assertThat(t.text()).isEqualTo("Hello there. I'd like to book a table for two, please.");
        assertThat(t.language()).isEqualTo("en");
        assertThat(t.audio()).isEqualTo(Duration.ofMillis(3000));
        assertThat(t.latency()).isPositive().isLessThan(Duration.ofSeconds(5));
        System.out.println("Deepgram final on loopback after end of utterance: " + t.latency().toNanos() / 1000 + " µs");

        List<String> partials = r.partials();
        assertThat(partials).as("interims are lower case and unpunctuated in the fake; finals are not").contains("hello there")
                .allSatisfy(p -> assertThat(p).isNotBlank().doesNotStartWith(" ").doesNotEndWith(" ").doesNotContain("  "));
        assertThat(partials).as("each partial replaces the one before: no repeats in a row")
                .doesNotHaveDuplicates();
        assertThat(partials.getLast()).startsWith("Hello there.");

        FakeListenStream stream = f.fake.awaitStream(0);
        assertThat(stream.violations()).isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> stream.closed().isComplete());
        assertThat(stream.controls()).containsSubsequence("{\"type\":\"Finalize\"}", "{\"type\":\"CloseStream\"}");
    }

    @Test
    void everyWayTheStreamCanEndGivesOneFinal() {
        List<ListenScript.FinalizeMark> marks = List.of(ListenScript.FinalizeMark.ALWAYS, ListenScript.FinalizeMark.NEVER, ListenScript.FinalizeMark.RANDOM);
        for (int i = 0; i < 9; i++) {
            ListenScript script = f.fake.script().says("One two three four five six.", "Seven eight nine.", "Ten.")
                    .finalizeMark(marks.get(i % 3)).flushAfter(i % 2 == 0 ? 0 : 150);
            if (i % 4 == 1) script.noMetadata();
            if (i % 3 == 2) script.withUnknownMessages();
            SessionRecorder r = utterance(script, 600 + 150 * i);
            System.out.println("run " + i + ": final " + r.transcript().latency().toMillis() + " ms after the end");
            assertThat(r.transcript().text()).as("run %d", i).isEqualTo("One two three four five six. Seven eight nine. Ten.");
            assertThat(f.fake.awaitStream(i).violations()).isEmpty();
        }
    }
}
