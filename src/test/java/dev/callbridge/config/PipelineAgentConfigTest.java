package dev.callbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AGENT=pipeline needs every engine and a VAD; the error names what is missing, in one line. */
class PipelineAgentConfigTest {
    private static final String[] ENGINES = {
        "STT", "openai", "STT_URL", "http://127.0.0.1:8000/v1", "STT_MODEL", "whisper-1",
        "LLM", "openai", "LLM_URL", "http://127.0.0.1:11434/v1", "LLM_MODEL", "llama3.1",
        "TTS", "openai", "TTS_URL", "http://127.0.0.1:8880/v1", "TTS_MODEL", "kokoro"};

    @TempDir
    Path dir;

    private Config config(String... kv) {
        return ConfigFromPairs.of(dir, kv);
    }

    private static String[] with(String... extra) {
        String[] all = java.util.Arrays.copyOf(ENGINES, ENGINES.length + extra.length);
        System.arraycopy(extra, 0, all, ENGINES.length, extra.length);
        return all;
    }

    @Test
    void withEveryEngineThePipelineIsAnAgent() {
        Config c = config(with("AGENT", "pipeline"));
        assertThat(c.agent().name()).isEqualTo("pipeline");
        assertThat(c.agent().bargeInMin()).isEqualTo(Duration.ofMillis(400));
    }

    @Test
    void missingEnginesAreNamed() {
        assertThatThrownBy(() -> config("AGENT", "pipeline")).isInstanceOf(ConfigException.class)
                .hasMessage("AGENT: pipeline needs STT, LLM and TTS engines; set STT, LLM, TTS (e.g. STT=openai LLM=openai TTS=openai)");
        assertThatThrownBy(() -> config("AGENT", "pipeline", "STT", "openai", "STT_API_KEY", "sk-1", "LLM", "openai", "LLM_API_KEY", "sk-1"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("AGENT: pipeline needs STT, LLM and TTS engines; set TTS ");
    }

    @Test
    void thePipelineNeedsAVad() {
        assertThatThrownBy(() -> config(with("AGENT", "pipeline", "VAD", "off"))).isInstanceOf(ConfigException.class)
                .hasMessage("VAD: off, but AGENT=pipeline needs a VAD for turn-taking (VAD=silero)");
    }

    @Test
    void enginesAreSetUpWhateverTheDefaultAgent() {
        Config c = config(ENGINES);
        assertThat(c.agent().name()).isEqualTo("echo");
        assertThat(c.stt().enabled() && c.llm().enabled() && c.tts().enabled()).isTrue();
    }

    @Test
    void bargeInMinimumIsBounded() {
        assertThat(config("BARGE_IN_MIN_MS", "250").agent().bargeInMin()).isEqualTo(Duration.ofMillis(250));
        assertThatThrownBy(() -> config("BARGE_IN_MIN_MS", "-1")).isInstanceOf(ConfigException.class).hasMessageStartingWith("BARGE_IN_MIN_MS");
        assertThatThrownBy(() -> config("BARGE_IN_MIN_MS", "soon")).isInstanceOf(ConfigException.class).hasMessageStartingWith("BARGE_IN_MIN_MS");
    }
}
