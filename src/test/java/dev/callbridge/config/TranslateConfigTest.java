package dev.callbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TRANSLATE* variables: each engine's defaults, and the combinations that stop start-up with one line. */
class TranslateConfigTest {
    @TempDir
    Path dir;

    private Config.Translate translate(String... kv) {
        Map<String, String> m = new HashMap<>();
        m.put("DATA_DIR", dir.resolve("data").toString());
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return Config.from(m).translate();
    }

    @Test
    void unsetMeansNoTranslator() {
        assertThat(translate().enabled()).isFalse();
    }

    @Test
    void anUnknownEngineIsNamed() {
        assertThatThrownBy(() -> translate("TRANSLATE", "google")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("TRANSLATE: must be one of").hasMessageEndingWith("got 'google'");
    }

    @Test
    void deepLNeedsAKeyAndItsHostFollowsTheKey() {
        assertThatThrownBy(() -> translate("TRANSLATE", "deepl")).isInstanceOf(ConfigException.class)
                .hasMessage("TRANSLATE_API_KEY: required for TRANSLATE=deepl (DeepL-Auth-Key)");
        Config.Translate free = translate("TRANSLATE", "DeepL", "TRANSLATE_API_KEY", "abc-123:fx");
        assertThat(free.engine()).isEqualTo("deepl");
        assertThat(free.url()).hasToString("https://api-free.deepl.com");
        assertThat(String.valueOf(free.apiKey())).isEqualTo("****");
        assertThat(free.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(translate("TRANSLATE", "deepl", "TRANSLATE_API_KEY", "abc-123").url()).hasToString("https://api.deepl.com");
        assertThat(translate("TRANSLATE", "deepl", "TRANSLATE_API_KEY", "abc-123", "TRANSLATE_URL", "http://proxy:8080/").url())
                .hasToString("http://proxy:8080");
    }

    @Test
    void selfHostedEnginesNeedTheirUrl() {
        assertThatThrownBy(() -> translate("TRANSLATE", "libretranslate")).isInstanceOf(ConfigException.class)
                .hasMessage("TRANSLATE_URL: required for TRANSLATE=libretranslate: the LibreTranslate server's root, e.g. http://localhost:5000");
        assertThatThrownBy(() -> translate("TRANSLATE", "apertium")).isInstanceOf(ConfigException.class)
                .hasMessage("TRANSLATE_URL: required for TRANSLATE=apertium: the apertium-apy server's root, e.g. http://localhost:2737");
        Config.Translate lt = translate("TRANSLATE", "libretranslate", "TRANSLATE_URL", "http://lt:5000", "TRANSLATE_TIMEOUT_MS", "1500");
        assertThat(lt.url()).hasToString("http://lt:5000");
        assertThat(lt.apiKey()).isNull();
        assertThat(lt.timeout()).isEqualTo(Duration.ofMillis(1500));
        assertThatThrownBy(() -> translate("TRANSLATE", "apertium", "TRANSLATE_URL", "ftp://apy")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("TRANSLATE_URL: must be an absolute");
        assertThatThrownBy(() -> translate("TRANSLATE_TIMEOUT_MS", "0")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("TRANSLATE_TIMEOUT_MS:");
    }

    @Test
    void llmUsesTheLlmSettingsUnlessOverridden() {
        assertThatThrownBy(() -> translate("TRANSLATE", "llm")).isInstanceOf(ConfigException.class)
                .hasMessage("TRANSLATE_API_KEY: required for TRANSLATE=llm when LLM_URL is api.openai.com (or set LLM_API_KEY)");
        Config.Translate inherited = translate("TRANSLATE", "llm", "LLM_API_KEY", "sk-llm");
        assertThat(inherited.url()).hasToString("https://api.openai.com/v1");
        assertThat(inherited.apiKey().reveal()).isEqualTo("sk-llm");
        assertThat(inherited.model()).isEqualTo("gpt-4o-mini");
        Config.Translate own = translate("TRANSLATE", "llm", "LLM", "openai", "LLM_URL", "http://ollama:11434/v1", "LLM_MODEL", "llama3.1",
                "TRANSLATE_MODEL", "qwen2.5:3b");
        assertThat(own.url()).hasToString("http://ollama:11434/v1");
        assertThat(own.model()).isEqualTo("qwen2.5:3b");
        assertThat(own.apiKey()).isNull();
        assertThatThrownBy(() -> translate("TRANSLATE", "llm", "TRANSLATE_URL", "http://vllm:8000/v1")).isInstanceOf(ConfigException.class)
                .hasMessage("TRANSLATE_MODEL: required for TRANSLATE=llm when TRANSLATE_URL is not api.openai.com (or set LLM_MODEL)");
    }
}
