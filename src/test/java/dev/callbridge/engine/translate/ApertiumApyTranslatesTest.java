package dev.callbridge.engine.translate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.engine.EngineFailure;
import dev.callbridge.engine.EngineFailure.Kind;
import dev.callbridge.engine.translate.FakeTranslationServer.Served;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * apy's answer becomes a {@link Translation}; the request names the pair in Apertium's 3-letter codes
 * and asks for no unknown-word marks; the pairs apy lists answer {@link Translator#supports}; apy's
 * errors keep their explanation.
 */
class ApertiumApyTranslatesTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void translatesWithoutUnknownWordMarks(long seed) throws Exception {
        try (TranslatorFixture f = TranslatorFixture.apertium(seed)) {
            Translation t = f.translate("good morning friend Blorf", "en", "es");
            assertThat(t.text()).as("no * before the unknown word, and no leading space").isEqualTo("buenos días amigo Blorf");
            assertThat(t.engine()).isEqualTo("apertium");
            Served s = f.fake.served.get(0);
            assertThat(s.method()).isEqualTo("POST");
            assertThat(s.path()).isEqualTo("/translate");
            assertThat(s.body()).isEqualTo("langpair=eng%7Cspa&q=good+morning+friend+Blorf&markUnknown=no&format=txt");
        }
    }

    @Test
    void supportsAsksForThePairsOnce() throws Exception {
        try (TranslatorFixture f = TranslatorFixture.apertium(5)) {
            assertThat(f.onContext(() -> f.translator.supports("en", "es"))).isTrue();
            assertThat(f.onContext(() -> f.translator.supports("es", "en"))).isTrue();
            assertThat(f.onContext(() -> f.translator.supports("en", "fr"))).isFalse();
            assertThat(f.onContext(() -> f.translator.supports("en", "tlh"))).as("no Apertium code at all").isFalse();
            assertThat(f.fake.served).extracting(Served::path).containsExactly("/listPairs");
        }
    }

    @Test
    void aPairNotInstalledKeepsApysExplanation() throws Exception {
        try (TranslatorFixture f = TranslatorFixture.apertium(6)) {
            EngineFailure e = f.failure("hello", "en", "fr");
            assertThat(e.kind()).isEqualTo(Kind.REJECTED);
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).isEqualTo("Apertium APy: HTTP 400 rejected: That pair is not installed");
        }
    }

    @Test
    void aLanguageApertiumHasNoCodeForFailsBeforeSending() throws Exception {
        try (TranslatorFixture f = TranslatorFixture.apertium(7)) {
            EngineFailure e = f.failure("hello", "en", "ja");
            assertThat(e.kind()).isEqualTo(Kind.REJECTED);
            assertThat(e.getMessage()).isEqualTo("Apertium APy: no Apertium language for 'ja'");
            EngineFailure bad = f.failure("hello", "en&q=x", "es");
            assertThat(bad.getMessage()).contains("is not an ISO 639-1 language code");
            assertThat(f.fake.served).isEmpty();
        }
    }
}
