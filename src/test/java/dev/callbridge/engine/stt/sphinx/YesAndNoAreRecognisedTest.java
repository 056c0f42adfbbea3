package dev.callbridge.engine.stt.sphinx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.audio.AudioFormat;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * With the {@code yesno} grammar, each way of saying yes or no comes back as the word said, through a
 * μ-law leg; "yep" and "nope", which the phone band cannot tell from "yes" and "no", as those.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class YesAndNoAreRecognisedTest {
    private final SphinxFixture f = new SphinxFixture("yesno");

    @AfterAll
    void close() throws Exception {
        f.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "no", "yeah", "sure", "correct", "wrong"})
    void theWordSaid(String word) {
        assertThat(heard(word)).isEqualTo(word);
    }

    @ParameterizedTest
    @CsvSource({"yep, yes", "nope, no"})
    void aWordOutsideTheGrammarAsTheClosest(String said, String heard) {
        assertThat(heard(said)).isEqualTo(heard);
    }

    private String heard(String said) {
        SphinxFixture.Opened o = f.open(AudioFormat.PCMU_8K, null);
        f.speak(o.session(), SphinxFixture.spoken(said, AudioFormat.PCMU_8K), true);
        await().atMost(Duration.ofSeconds(30)).until(() -> !o.recorder().events.isEmpty());
        assertThat(o.recorder().transcript().language()).as("no language asked: English, the only one").isEqualTo("en");
        assertThat(o.recorder().wrongContext).isEmpty();
        return o.recorder().transcript().text();
    }
}
