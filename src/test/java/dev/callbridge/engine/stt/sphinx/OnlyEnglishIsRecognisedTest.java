package dev.callbridge.engine.stt.sphinx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.audio.AudioFormat;
import dev.callbridge.engine.EngineFailure;
import dev.callbridge.engine.EngineFailure.Kind;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The model is US English: an utterance opened for another language fails at once as rejected (not
 * transient: trying again will not help), without a recognition; English in any spelling is heard.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OnlyEnglishIsRecognisedTest {
    private final SphinxFixture f = new SphinxFixture("digits");

    @AfterAll
    void close() throws Exception {
        f.close();
    }

    @Test
    void spanishIsRefused() {
        SphinxFixture.Opened o = f.open(AudioFormat.PCMU_8K, "es");
        f.speak(o.session(), SphinxFixture.spoken("four two seven", AudioFormat.PCMU_8K), true);
        await().atMost(Duration.ofSeconds(5)).until(() -> !o.recorder().events.isEmpty());
        EngineFailure e = o.recorder().failure();
        assertThat(e.kind()).isEqualTo(Kind.REJECTED);
        assertThat(e.isTransient()).isFalse();
        assertThat(e.getMessage()).isEqualTo("STT: Sphinx has only a US English model; it cannot transcribe 'es' (use STT=openai for other languages)");
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> o.recorder().events.size() == 1);
        assertThat(o.recorder().wrongContext).isEmpty();
        assertThat(f.engine.idleRecognizers()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "EN", "en-US", "en_GB"})
    void englishInAnySpelling(String language) {
        SphinxFixture.Opened o = f.open(AudioFormat.PCMU_8K, language);
        f.speak(o.session(), SphinxFixture.spoken("four two seven", AudioFormat.PCMU_8K), true);
        await().atMost(Duration.ofSeconds(30)).until(() -> !o.recorder().events.isEmpty());
        assertThat(o.recorder().transcript().text()).isEqualTo("four two seven");
        assertThat(o.recorder().transcript().language()).isEqualTo("en");
    }
}
