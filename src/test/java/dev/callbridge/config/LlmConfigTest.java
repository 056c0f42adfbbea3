package dev.callbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callbridge.engine.llm.ChatCompletionsClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The LLM_* variables: defaults, the combinations that stop start-up with one line, and what the engine is built from. */
class LlmConfigTest {
    @TempDir
    Path dir;

    private Config.Llm llm(String... kv) {
        Map<String, String> m = new HashMap<>();
        m.put("DATA_DIR", dir.resolve("data").toString());
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return Config.from(m).llm();
    }

    @Test
    void unsetMeansNoEngine() {
        Config.Llm l = llm();
        assertThat(l.enabled()).isFalse();
        assertThat(l.url()).hasToString("https://api.openai.com/v1");
        assertThat(l.model()).isEqualTo("gpt-4o-mini");
    }

    @Test
    void openAiNeedsAKeyAndDefaultsItsModel() {
        assertThatThrownBy(() -> llm("LLM", "openai")).isInstanceOf(ConfigException.class)
                .hasMessage("LLM_API_KEY: required when LLM_URL is api.openai.com");
        Config.Llm l = llm("LLM", "openai", "LLM_API_KEY", "sk-abc");
        assertThat(l.enabled()).isTrue();
        assertThat(l.engine()).isEqualTo("openai");
        assertThat(l.model()).isEqualTo("gpt-4o-mini");
        assertThat(l.includeUsage()).isTrue();
        assertThat(l.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(String.valueOf(l.apiKey())).isEqualTo("****");
    }

    @Test
    void aLocalServerNeedsAModelButNoKey() {
        assertThatThrownBy(() -> llm("LLM", "openai", "LLM_URL", "http://localhost:11434/v1")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("LLM_MODEL: required when LLM_URL is not api.openai.com");
        Config.Llm l = llm("LLM", "OpenAI", "LLM_URL", "http://localhost:11434/v1/", "LLM_MODEL", "llama3.1");
        assertThat(l.url()).hasToString("http://localhost:11434/v1");
        assertThat(l.apiKey()).isNull();
        assertThat(l.includeUsage()).as("stream_options only where it is known to be accepted").isFalse();
        assertThat(llm("LLM", "openai", "LLM_URL", "http://vllm:8000/v1", "LLM_MODEL", "m", "LLM_STREAM_USAGE", "on").includeUsage()).isTrue();
        ChatCompletionsClient.Settings s = ChatCompletionsClient.Settings.from(
                llm("LLM", "openai", "LLM_URL", "http://vllm:8000/v1", "LLM_MODEL", "m", "LLM_TIMEOUT_MS", "2500"));
        assertThat(s.limits().firstByte()).isEqualTo(Duration.ofMillis(2500));
        assertThat(s.limits().idle()).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void badValuesNameTheirVariable() {
        assertThatThrownBy(() -> llm("LLM", "anthropic")).isInstanceOf(ConfigException.class)
                .hasMessage("LLM: must be one of [openai], got 'anthropic'");
        assertThatThrownBy(() -> llm("LLM_URL", "ftp://x/v1")).isInstanceOf(ConfigException.class).hasMessageStartingWith("LLM_URL: must be an absolute");
        assertThatThrownBy(() -> llm("LLM_STREAM_USAGE", "maybe")).isInstanceOf(ConfigException.class).hasMessageStartingWith("LLM_STREAM_USAGE: must be one of");
        assertThatThrownBy(() -> llm("LLM_TIMEOUT_MS", "0")).isInstanceOf(ConfigException.class)
                .hasMessage("LLM_TIMEOUT_MS: must be between 100 and 300000, got 0");
    }
}
