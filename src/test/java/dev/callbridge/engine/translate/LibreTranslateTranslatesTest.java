package dev.callbridge.engine.translate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.engine.translate.FakeTranslationServer.Served;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A LibreTranslate answer becomes a {@link Translation}, whatever order or extra fields it comes with; the request carries the codes and the key. */
class LibreTranslateTranslatesTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void translatesWhateverTheAnswersShape(long seed) throws Exception {
        try (TranslatorFixture f = TranslatorFixture.libreTranslate(seed)) {
            Translation t = f.translate("Where is the station?", "en", "es");
            assertThat(t.text()).isEqualTo("¿Dónde está la estación?");
            assertThat(t.engine()).isEqualTo("libretranslate");
            assertThat(t.latency()).isPositive();
        }
    }

    @Test
    void sendsTheCodesTheKeyAndPlainTextFormat() throws Exception {
        try (TranslatorFixture f = TranslatorFixture.libreTranslate(7)) {
            assertThat(f.translate("Hello!", "en-GB", "fr").text()).isEqualTo("[fr] Hello!");
            Served s = f.fake.served.get(0);
            assertThat(s.method()).isEqualTo("POST");
            assertThat(s.path()).isEqualTo("/translate");
            assertThat(s.headers().get("Content-Type")).isEqualTo("application/json");
            assertThat(s.body()).contains("\"q\":\"Hello!\"", "\"source\":\"en\"", "\"target\":\"fr\"", "\"format\":\"text\"",
                    "\"api_key\":\"" + TranslatorFixture.LIBRE_KEY + "\"");
        }
    }
}
