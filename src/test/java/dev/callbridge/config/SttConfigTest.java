package dev.callbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callbridge.engine.deepgram.DeepgramSpeechToText;
import dev.callbridge.engine.stt.TranscriptionsClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The STT_* variables: defaults, the combinations that stop start-up with one line, and what the engine is built from. */
class SttConfigTest {
    @TempDir
    Path dir;

    private Config.Stt stt(String... kv) {
        Map<String, String> m = new HashMap<>();
        m.put("DATA_DIR", dir.resolve("data").toString());
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return Config.from(m).stt();
    }

    @Test
    void unsetMeansNoEngine() {
        Config.Stt s = stt();
        assertThat(s.enabled()).isFalse();
        assertThat(s.url()).hasToString("https://api.openai.com/v1");
        assertThat(s.model()).isEqualTo("gpt-4o-mini-transcribe");
    }

    @Test
    void openAiNeedsAKeyAndDefaultsItsModel() {
        assertThatThrownBy(() -> stt("STT", "openai")).isInstanceOf(ConfigException.class)
                .hasMessage("STT_API_KEY: required when STT_URL is api.openai.com");
        Config.Stt s = stt("STT", "openai", "STT_API_KEY", "sk-abc");
        assertThat(s.engine()).isEqualTo("openai");
        assertThat(s.model()).isEqualTo("gpt-4o-mini-transcribe");
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(String.valueOf(s.apiKey())).isEqualTo("****");
    }

    @Test
    void aLocalServerNeedsAModelButNoKey() {
        assertThatThrownBy(() -> stt("STT", "openai", "STT_URL", "http://localhost:8000/v1")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("STT_MODEL: required when STT_URL is not api.openai.com");
        Config.Stt s = stt("STT", "openai", "STT_URL", "http://localhost:8000/v1/", "STT_MODEL", "Systran/faster-whisper-small",
                "STT_TIMEOUT_MS", "2500");
        assertThat(s.url()).hasToString("http://localhost:8000/v1");
        assertThat(s.apiKey()).isNull();
        TranscriptionsClient.Settings settings = TranscriptionsClient.Settings.from(s);
        assertThat(settings.limits().answer()).isEqualTo(Duration.ofMillis(2500));
        assertThat(settings.model()).isEqualTo("Systran/faster-whisper-small");
    }

    @Test
    void deepgramDefaultsToItsLiveEndpointAndNova3() {
        assertThatThrownBy(() -> stt("STT", "deepgram")).isInstanceOf(ConfigException.class)
                .hasMessage("STT_API_KEY: required when STT_URL is api.deepgram.com");
        Config.Stt s = stt("STT", "deepgram", "STT_API_KEY", "dg-abc");
        assertThat(s.engine()).isEqualTo("deepgram");
        assertThat(s.url()).hasToString("wss://api.deepgram.com/v1/listen");
        assertThat(s.model()).isEqualTo("nova-3");
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(5));
        DeepgramSpeechToText.Settings settings = DeepgramSpeechToText.Settings.from(s);
        assertThat(settings.limits().answer()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.apiKey().reveal()).isEqualTo("dg-abc");
    }

    @Test
    void aSelfHostedDeepgramNeedsNoKey() {
        Config.Stt s = stt("STT", "deepgram", "STT_URL", "ws://deepgram.internal:8080/v1/listen/", "STT_MODEL", "nova-2-phonecall",
                "STT_TIMEOUT_MS", "1500");
        assertThat(s.url()).hasToString("ws://deepgram.internal:8080/v1/listen");
        assertThat(s.apiKey()).isNull();
        assertThat(s.model()).isEqualTo("nova-2-phonecall");
        assertThat(s.timeout()).isEqualTo(Duration.ofMillis(1500));
        assertThatThrownBy(() -> stt("STT", "deepgram", "STT_URL", "https://api.deepgram.com/v1/listen", "STT_API_KEY", "k"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("STT_URL: must be an absolute").hasMessageContaining("wss");
        assertThatThrownBy(() -> stt("STT", "deepgram", "STT_URL", "wss://api.deepgram.com/v1/listen?model=nova-3", "STT_API_KEY", "k"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("STT_URL: must not have a query");
    }

    @Test
    void badValuesNameTheirVariable() {
        assertThatThrownBy(() -> stt("STT", "whisper")).isInstanceOf(ConfigException.class).hasMessageStartingWith("STT:");
        assertThatThrownBy(() -> stt("STT_URL", "ftp://x/v1")).isInstanceOf(ConfigException.class).hasMessageStartingWith("STT_URL:");
        assertThatThrownBy(() -> stt("STT_TIMEOUT_MS", "5")).isInstanceOf(ConfigException.class).hasMessageStartingWith("STT_TIMEOUT_MS:");
    }
}
