package dev.callbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callbridge.engine.tts.OpenAiSpeechClient;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TTS_* variables: defaults, the combinations that stop start-up with one line, and what the engine is built from. */
class TtsConfigTest {
    @TempDir
    Path dir;

    private Config.Tts tts(String... kv) {
        Map<String, String> m = new HashMap<>();
        m.put("DATA_DIR", dir.resolve("data").toString());
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return Config.from(m).tts();
    }

    @Test
    void unsetMeansNoEngine() {
        Config.Tts t = tts();
        assertThat(t.enabled()).isFalse();
        assertThat(t.url()).hasToString("https://api.openai.com/v1");
        assertThat(t.model()).isEqualTo("gpt-4o-mini-tts");
        assertThat(t.voice()).isEqualTo("alloy");
    }

    @Test
    void openAiNeedsAKeyAndDefaultsItsModel() {
        assertThatThrownBy(() -> tts("TTS", "openai")).isInstanceOf(ConfigException.class)
                .hasMessage("TTS_API_KEY: required when TTS_URL is api.openai.com");
        Config.Tts t = tts("TTS", "openai", "TTS_API_KEY", "sk-abc", "TTS_VOICE", "nova");
        assertThat(t.enabled()).isTrue();
        assertThat(t.model()).isEqualTo("gpt-4o-mini-tts");
        assertThat(t.voice()).isEqualTo("nova");
        assertThat(String.valueOf(t.apiKey())).isEqualTo("****");
    }

    @Test
    void aLocalServerNeedsAModelButNoKey() {
        assertThatThrownBy(() -> tts("TTS", "openai", "TTS_URL", "http://localhost:8880/v1")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("TTS_MODEL: required when TTS_URL is not api.openai.com");
        Config.Tts t = tts("TTS", "openai", "TTS_URL", "http://localhost:8880/v1/", "TTS_MODEL", "kokoro", "TTS_VOICE", "af_bella");
        assertThat(t.url()).hasToString("http://localhost:8880/v1");
        assertThat(t.apiKey()).isNull();
        OpenAiSpeechClient.Settings s = OpenAiSpeechClient.Settings.from(t);
        assertThat(s.model()).isEqualTo("kokoro");
        assertThat(s.voice()).isEqualTo("af_bella");
    }

    @Test
    void badValuesNameTheVariable() {
        assertThatThrownBy(() -> tts("TTS", "elevenlabs")).isInstanceOf(ConfigException.class).hasMessageStartingWith("TTS:");
        assertThatThrownBy(() -> tts("TTS", "openai", "TTS_URL", "ftp://x/v1", "TTS_MODEL", "m")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("TTS_URL:");
    }
}
