package dev.callbridge.engine.deepgram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.audio.AudioFormat;
import dev.callbridge.engine.EngineFailure.Kind;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A stream that never answers the end (no final, no Metadata, no close) fails as a timeout on time, and the client closes it. */
class DeepgramNoFinalTimesOutTest {
    private final DeepgramFixture f = new DeepgramFixture(DeepgramSpeechToText.Limits.DEFAULTS.withAnswer(Duration.ofMillis(300)));

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void timesOut() {
        f.fake.script().says("Stuck.").ignoreEnd();
        DeepgramFixture.Opened o = f.open(AudioFormat.PCMU_8K, "en");
        f.speak(o.session(), DeepgramFixture.tone(AudioFormat.PCMU_8K, 600), false);
        FakeListenStream stream = f.fake.awaitStream(0);
        long start = System.nanoTime();
        f.onContext(() -> o.session().endOfUtterance());
        await().atMost(Duration.ofSeconds(5)).until(() -> o.recorder().answer() != null);
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        System.out.println("Deepgram timeout reported after " + tookMs + " ms (limit 300 ms)");
        assertThat(o.recorder().failure().kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(o.recorder().failure().getMessage()).isEqualTo("Deepgram: no final transcript within 300 ms of the end of the utterance");
        assertThat(tookMs).isBetween(250L, 2_000L);
        await().atMost(Duration.ofSeconds(5)).until(() -> stream.closed().isComplete());
        assertThat(stream.closed().result()).as("closed by the client, normally").isEqualTo(1000);
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> o.recorder().answers() == 1);
    }
}
