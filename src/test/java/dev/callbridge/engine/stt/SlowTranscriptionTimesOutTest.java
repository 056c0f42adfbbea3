package dev.callbridge.engine.stt;

import dev.callbridge.engine.EngineFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.audio.AudioFormat;
import dev.callbridge.engine.stt.FakeTranscriptions.Reply;
import dev.callbridge.engine.EngineFailure.Kind;
import dev.callbridge.engine.EngineFailure.Engine;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A server that takes longer than the answer limit fails the utterance as a timeout, on time, and its connection is closed. */
class SlowTranscriptionTimesOutTest {
    private final SttFixture f = new SttFixture(TranscriptionsClient.Limits.DEFAULTS.withAnswer(Duration.ofMillis(300)));

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void timesOut() {
        f.fake.enqueue(Reply.text("too late").after(10_000));
        SttFixture.Opened o = f.open(AudioFormat.PCMU_8K, "en");
        long start = System.nanoTime();
        f.speak(o.session(), Tones.tone(AudioFormat.PCMU_8K, 400), true);
        await().atMost(Duration.ofSeconds(5)).until(() -> !o.recorder().events.isEmpty());
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        System.out.println("STT timeout reported after " + tookMs + " ms (limit 300 ms, server would take 10000 ms)");
        assertThat(o.recorder().failure().kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(tookMs).isBetween(250L, 2_000L);
        await().atMost(Duration.ofSeconds(5)).until(() -> f.fake.served().getFirst().connectionClosed().isComplete());
        assertThat(o.recorder().events).hasSize(1);
    }
}
