package dev.callbridge.engine.tts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Which espeak-ng voice speaks a sentence: the sentence's language as espeak-ng takes it
 * (it resolves regional tags itself), American for plain or unknown English, the configured
 * voice over all of them; and the command line that carries it holds no text.
 */
class EspeakVoiceFollowsTheLanguageTest {
    private final EspeakCommand byLanguage = new EspeakCommand(Path.of("/usr/bin/espeak-ng"), null, 175);

    @Test
    void theLanguagePicksTheVoice() {
        assertThat(byLanguage.voiceFor("es")).isEqualTo("es");
        assertThat(byLanguage.voiceFor("he")).isEqualTo("he");
        assertThat(byLanguage.voiceFor("es-MX")).isEqualTo("es-mx");
        assertThat(byLanguage.voiceFor("pt_BR")).isEqualTo("pt-br");
        assertThat(byLanguage.voiceFor(" zh-Hant-TW ")).isEqualTo("zh-hant-tw");
        assertThat(byLanguage.voiceFor("en-GB")).isEqualTo("en-gb");
    }

    @Test
    void plainOrUnknownEnglishIsAmerican() {
        assertThat(byLanguage.voiceFor("en")).isEqualTo("en-us");
        assertThat(byLanguage.voiceFor("EN")).isEqualTo("en-us");
        assertThat(byLanguage.voiceFor(null)).isEqualTo("en-us");
        assertThat(byLanguage.voiceFor("")).isEqualTo("en-us");
    }

    @Test
    void aConfiguredVoiceSpeaksEveryLanguage() {
        EspeakCommand fixed = new EspeakCommand(Path.of("/usr/bin/espeak-ng"), "en-us+f3", 175);
        assertThat(fixed.voiceFor("he")).isEqualTo("en-us+f3");
        assertThat(fixed.voiceFor(null)).isEqualTo("en-us+f3");
    }

    @Test
    void whatIsNotALanguageTagIsRefused() {
        for (String bad : new String[] {"../../etc/passwd", "-h", "--stdout", "en us", "e", "english!", "mb/mb-en1", "en+f3"}) {
            assertThatIllegalArgumentException().as(bad).isThrownBy(() -> byLanguage.voiceFor(bad)).withMessageContaining("not a language tag");
        }
    }

    @Test
    void theCommandLineCarriesTheVoiceAndSpeedButNeverTheText() {
        assertThat(new EspeakCommand(Path.of("/opt/espeak/bin/espeak-ng"), null, 200).argv("es-mx"))
                .containsExactly("/opt/espeak/bin/espeak-ng", "--stdout", "--stdin", "-b", "1", "-v", "es-mx", "-s", "200");
    }
}
