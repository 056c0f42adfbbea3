package dev.callbridge.engine.translate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.engine.translate.FakeTranslationServer.Served;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A DeepL answer becomes a {@link Translation} whatever extra fields it carries; the request has the
 * key in DeepL's header, the text as a list, and the codes DeepL wants (a variant for an English or
 * Portuguese target).
 */
class DeepLTranslatesTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void translatesWhateverTheAnswersShape(long seed) throws Exception {
        try (TranslatorFixture f = TranslatorFixture.deepL(seed, 500_000)) {
            Translation t = f.translate("¿Dónde está la estación?", "es", "en");
            assertThat(t.text()).isEqualTo("[EN-US] ¿Dónde está la estación?");
            assertThat(t.engine()).isEqualTo("deepl");
        }
    }

    @Test
    void sendsTheKeyInDeepLsHeaderAndTheTextAsAList() throws Exception {
        try (TranslatorFixture f = TranslatorFixture.deepL(7, 500_000)) {
            f.translate("Hello!", "en", "de");
            Served s = f.fake.served.get(0);
            assertThat(s.path()).isEqualTo("/v2/translate");
            assertThat(s.headers().get("Authorization")).isEqualTo("DeepL-Auth-Key " + TranslatorFixture.DEEPL_KEY);
            assertThat(s.body()).isEqualTo("{\"text\":[\"Hello!\"],\"source_lang\":\"EN\",\"target_lang\":\"DE\"}");
        }
    }

    @ParameterizedTest
    @CsvSource({"en, EN-US", "en-GB, EN-GB", "en_gb, EN-GB", "pt, PT-BR", "pt-PT, PT-PT", "zh-Hant, ZH-HANT", "de-AT, DE", "es, ES"})
    void targetsGetTheVariantDeepLWants(String iso, String deepl) throws Exception {
        assertThat(DeepLProtocol.targetCode(LanguageTag.parse(iso, "DeepL API"))).isEqualTo(deepl);
        try (TranslatorFixture f = TranslatorFixture.deepL(8, 500_000)) {
            assertThat(f.translate("Hola", "es", iso).text()).isEqualTo("[" + deepl + "] Hola");
        }
    }

    @Test
    void aSourceNeverHasAVariant() {
        assertThat(DeepLProtocol.sourceCode(LanguageTag.parse("en-US", "DeepL API"))).isEqualTo("EN");
        assertThat(DeepLProtocol.sourceCode(LanguageTag.parse("pt-BR", "DeepL API"))).isEqualTo("PT");
    }
}
