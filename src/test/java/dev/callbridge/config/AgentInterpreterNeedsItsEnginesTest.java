package dev.callbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code AGENT=interpreter} needs STT, TTS and TRANSLATE engines and a VAD, and says which are
 * missing in one line; {@code INTERPRETER_MIX} is {@code translation} unless set to {@code both}.
 */
class AgentInterpreterNeedsItsEnginesTest {
    static final String[] ENGINES = {
        "STT", "openai", "STT_URL", "http://127.0.0.1:8000/v1", "STT_MODEL", "whisper-1",
        "TTS", "openai", "TTS_URL", "http://127.0.0.1:8880/v1", "TTS_MODEL", "kokoro",
        "TRANSLATE", "apertium", "TRANSLATE_URL", "http://127.0.0.1:2737"};

    @TempDir
    Path dir;

    private Config config(String... kv) {
        return ConfigFromPairs.of(dir, kv);
    }

    static String[] with(String... extra) {
        String[] all = Arrays.copyOf(ENGINES, ENGINES.length + extra.length);
        System.arraycopy(extra, 0, all, ENGINES.length, extra.length);
        return all;
    }

    @Test
    void withItsEnginesTheInterpreterIsTheAgent() {
        Config c = config(with("AGENT", "interpreter"));
        assertThat(c.agent().name()).isEqualTo("interpreter");
        assertThat(c.interpreter().mix()).isEqualTo(Config.InterpreterMix.TRANSLATION);
        assertThat(c.interpreter().numbers().isEmpty()).isTrue();
        assertThat(c.llm().enabled()).as("no LLM is needed").isFalse();
    }

    @Test
    void missingEnginesAreNamed() {
        assertThatThrownBy(() -> config("AGENT", "interpreter")).isInstanceOf(ConfigException.class)
                .hasMessage("AGENT: interpreter needs STT, TTS and TRANSLATE engines; set STT, TTS, TRANSLATE (e.g. STT=openai TTS=openai TRANSLATE=llm)");
        String[] withoutTranslate = Arrays.copyOf(ENGINES, ENGINES.length - 4);
        String[] env = Arrays.copyOf(withoutTranslate, withoutTranslate.length + 2);
        env[env.length - 2] = "AGENT";
        env[env.length - 1] = "interpreter";
        assertThatThrownBy(() -> config(env)).isInstanceOf(ConfigException.class)
                .hasMessage("AGENT: interpreter needs STT, TTS and TRANSLATE engines; set TRANSLATE (e.g. STT=openai TTS=openai TRANSLATE=llm)");
    }

    @Test
    void theInterpreterNeedsAVad() {
        assertThatThrownBy(() -> config(with("AGENT", "interpreter", "VAD", "off"))).isInstanceOf(ConfigException.class)
                .hasMessage("VAD: off, but AGENT=interpreter needs a VAD to find where each utterance ends (VAD=silero)");
    }

    @Test
    void theMixIsTranslationOrBoth() {
        assertThat(config("INTERPRETER_MIX", "both").interpreter().mix()).isEqualTo(Config.InterpreterMix.BOTH);
        assertThat(config("INTERPRETER_MIX", "Translation").interpreter().mix()).isEqualTo(Config.InterpreterMix.TRANSLATION);
        assertThatThrownBy(() -> config("INTERPRETER_MIX", "ducked")).isInstanceOf(ConfigException.class)
                .hasMessage("INTERPRETER_MIX: must be one of [translation, both], got 'ducked'");
    }
}
