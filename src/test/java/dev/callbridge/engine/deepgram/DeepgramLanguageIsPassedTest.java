package dev.callbridge.engine.deepgram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.audio.AudioFormat;
import dev.callbridge.engine.stt.SpeechToTextMetrics;
import dev.callbridge.engine.stt.Transcript;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A known language goes to Deepgram as its {@code language} parameter and comes back on the
 * transcript; an unknown one asks a multilingual model for {@code multi} and reports the language
 * Deepgram tagged, and is left out for a model that cannot detect.
 */
class DeepgramLanguageIsPassedTest {

    private Transcript transcribe(DeepgramFixture f, String language) {
        DeepgramFixture.Opened o = f.open(AudioFormat.PCMU_8K, language);
        f.speak(o.session(), DeepgramFixture.tone(AudioFormat.PCMU_8K, 800), true);
        await().atMost(Duration.ofSeconds(5)).until(() -> o.recorder().answer() != null);
        return o.recorder().transcript();
    }

    @Test
    void knownLanguage() throws Exception {
        try (DeepgramFixture f = new DeepgramFixture()) {
            f.fake.script().says("¿Dónde está la estación?");
            Transcript t = transcribe(f, "es");
            assertThat(f.fake.handshakes().getFirst().params().get("language")).isEqualTo("es");
            assertThat(f.fake.handshakes().getFirst().violations()).isEmpty();
            assertThat(t.text()).isEqualTo("¿Dónde está la estación?");
            assertThat(t.language()).isEqualTo("es");
        }
    }

    @Test
    void unknownLanguageIsDetectedByAMultilingualModel() throws Exception {
        try (DeepgramFixture f = new DeepgramFixture()) {
            f.fake.script().says("Guten Tag.").detects("de");
            Transcript t = transcribe(f, null);
            assertThat(f.fake.handshakes().getFirst().params().get("language")).isEqualTo("multi");
            assertThat(t.language()).isEqualTo("de");
        }
    }

    @Test
    void unknownLanguageIsLeftOutForOtherModels() throws Exception {
        try (DeepgramFixture f = new DeepgramFixture(DeepgramSpeechToText.Limits.DEFAULTS, "nova-2-phonecall", SpeechToTextMetrics.NONE)) {
            f.fake.script().says("Hello.");
            Transcript t = transcribe(f, null);
            assertThat(f.fake.handshakes().getFirst().params().contains("language")).isFalse();
            assertThat(f.fake.handshakes().getFirst().params().get("model")).isEqualTo("nova-2-phonecall");
            assertThat(t.language()).isNull();
        }
    }
}
