package dev.callbridge.engine.tts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.audio.AudioFormat;
import dev.callbridge.engine.EngineFailure;
import dev.callbridge.engine.EngineFailure.Kind;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * With every worker busy and the queue full, one more sentence fails at once, as
 * {@link Kind#RATE_LIMITED} (transient), instead of waiting; the ones accepted are all spoken,
 * never with more espeak-ng processes at a time than there are workers.
 */
class EspeakSaturationFailsFastTest {

    @Test
    void oneWorkerOneQueuedTheThirdFailsAtOnce() throws Exception {
        EspeakSpeech.Settings s = EspeakFixture.settings(EspeakFixture.espeak());
        try (EspeakFixture f = new EspeakFixture(new EspeakSpeech.Settings(s.command(), null, 175, 1, 1, s.limits()))) {
            String text = EspeakStreamsAsItSpeaksTest.LONG_TEXT.substring(0, 1000);
            List<SpeechRecorder> recorders = List.of(new SpeechRecorder(), new SpeechRecorder(), new SpeechRecorder());
            recorders.forEach(r -> r.expected = f.context);
            AtomicInteger mostAtOnce = new AtomicInteger();
            Thread watcher = Thread.ofPlatform().daemon().start(() -> {
                while (!Thread.currentThread().isInterrupted()) mostAtOnce.accumulateAndGet(EspeakFixture.liveEspeaks().size(), Math::max);
            });
            long start = System.nanoTime();
            f.context.runOnContext(v -> recorders.forEach(r -> f.engine.speak(text, "en", AudioFormat.PCMU_8K, r)));

            EngineFailure failure = recorders.get(2).failed.get(5, TimeUnit.SECONDS);
            long failedAfterMillis = (System.nanoTime() - start) / 1_000_000;
            CompletableFuture.allOf(recorders.get(0).ended, recorders.get(1).ended).get(30, TimeUnit.SECONDS);
            watcher.interrupt();
            System.out.printf("third refused after %d ms: %s; at most %d espeak-ng at once%n", failedAfterMillis, failure.getMessage(), mostAtOnce.get());
            assertThat(failure.kind()).isEqualTo(Kind.RATE_LIMITED);
            assertThat(failure.isTransient()).isTrue();
            assertThat(failure.getMessage()).contains("all 1 workers busy and 1 sentences waiting");
            assertThat(recorders.get(2).frames).isEmpty();
            assertThat(recorders.get(0).millis()).isEqualTo(recorders.get(1).millis()).isGreaterThan(10_000);
            assertThat(mostAtOnce.get()).isEqualTo(1);
            assertThat(recorders).allSatisfy(r -> assertThat(r.wrongContext).isNull());
        }
    }
}
