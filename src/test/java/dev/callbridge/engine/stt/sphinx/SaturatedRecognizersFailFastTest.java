package dev.callbridge.engine.stt.sphinx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.call.CallEventBus;
import dev.callbridge.call.CallRegistry;
import dev.callbridge.engine.EngineFailure;
import dev.callbridge.engine.EngineFailure.Kind;
import dev.callbridge.engine.stt.SpeechToText;
import dev.callbridge.engine.stt.Transcript;
import dev.callbridge.metrics.GatewayMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * With every recognizer busy and the queue full, the next utterance fails at once as unreachable
 * (transient: later ones may find a recognizer) instead of waiting; the ones already taken are still
 * recognised, and afterwards the engine takes new utterances again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SaturatedRecognizersFailFastTest {
    private final GatewayMetrics metrics = new GatewayMetrics(new CallRegistry(1, new CallEventBus(), Clock.systemUTC(), c -> { }));
    /** One recognizer, one place in the queue: the third utterance at once is one too many. */
    private final SphinxFixture f = new SphinxFixture("digits", 1,
            new SphinxSpeechToText.Limits(Duration.ofSeconds(60), Duration.ofSeconds(30), 1), metrics.speechToText());

    @AfterAll
    void close() throws Exception {
        f.close();
    }

    /** Every answer, in the order they came, as "index:text" or "index:KIND". */
    private final List<String> timeline = new CopyOnWriteArrayList<>();

    private SpeechToText.Listener listener(int index) {
        return new SpeechToText.Listener() {
            @Override
            public void onFinal(Transcript t) {
                timeline.add(index + ":" + t.text());
            }

            @Override
            public void onFailure(EngineFailure e) {
                timeline.add(index + ":" + e.kind() + ":" + e.isTransient() + ":" + e.getMessage());
            }
        };
    }

    @Test
    void oneTooMany() {
        String[] said = {"four two seven", "nine nine one", "three three"};
        List<AudioChunk> audio = new ArrayList<>();
        for (String s : said) audio.add(SphinxFixture.spoken(s, AudioFormat.PCMU_8K));
        CompletableFuture<Void> submitted = new CompletableFuture<>();
        f.context.runOnContext(v -> {
            for (int i = 0; i < said.length; i++) {
                SphinxFixture.feed(f.engine.open(AudioFormat.PCMU_8K, "en", listener(i)), audio.get(i), true);
            }
            submitted.complete(null);
        });
        submitted.join();
        await().atMost(Duration.ofSeconds(60)).until(() -> timeline.size() == 3);
        assertThat(timeline.getFirst()).as("refused at once, before the others were recognised")
                .isEqualTo("2:UNREACHABLE:true:STT: all 1 Sphinx recognizers are busy and 1 utterances already wait; this one was not queued");
        assertThat(timeline.subList(1, 3)).containsExactly("0:four two seven", "1:nine nine one");

        CompletableFuture<Void> again = new CompletableFuture<>();
        f.context.runOnContext(v -> {
            SphinxFixture.feed(f.engine.open(AudioFormat.PCMU_8K, "en", listener(3)), audio.get(2), true);
            again.complete(null);
        });
        again.join();
        await().atMost(Duration.ofSeconds(30)).until(() -> timeline.size() == 4);
        assertThat(timeline.get(3)).isEqualTo("3:three three");
        assertThat(metrics.scrape()).contains("callbridge_stt_utterances_total{outcome=\"unreachable\"} 1.0",
                "callbridge_stt_utterances_total{outcome=\"final\"} 3.0");
    }
}
