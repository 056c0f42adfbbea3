package dev.callbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callbridge.engine.tts.ElevenLabsSpeechClient;
import dev.callbridge.engine.tts.EspeakSpeech;
import dev.callbridge.engine.tts.OpenAiSpeechClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TTS_* variables: defaults per engine, the combinations that stop start-up with one line, and what the engine is built from. */
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
    void elevenLabsHasItsOwnDefaultsAndNeedsAVoiceAndAKey() {
        assertThatThrownBy(() -> tts("TTS", "elevenlabs", "TTS_VOICE", "21m00Tcm4TlvDq8ikWAM")).isInstanceOf(ConfigException.class)
                .hasMessage("TTS_API_KEY: required when TTS_URL is api.elevenlabs.io (the xi-api-key)");
        // OpenAI's default voice must not leak into ElevenLabs, whose voices are ids.
        assertThatThrownBy(() -> tts("TTS", "elevenlabs", "TTS_API_KEY", "xi-abc")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("TTS_VOICE: required for TTS=elevenlabs");
        Config.Tts t = tts("TTS", "ElevenLabs", "TTS_API_KEY", "xi-abc", "TTS_VOICE", " 21m00Tcm4TlvDq8ikWAM ");
        assertThat(t.engine()).isEqualTo("elevenlabs");
        assertThat(t.url()).hasToString("wss://api.elevenlabs.io/v1");
        assertThat(t.model()).isEqualTo("eleven_flash_v2_5");
        assertThat(t.voice()).isEqualTo("21m00Tcm4TlvDq8ikWAM");
        ElevenLabsSpeechClient.Settings s = ElevenLabsSpeechClient.Settings.from(t);
        assertThat(s.baseUrl()).hasToString("wss://api.elevenlabs.io/v1");
        assertThat(s.apiKey().reveal()).isEqualTo("xi-abc");
    }

    @Test
    void elevenLabsThroughAProxyNeedsNoKeyButAWebSocketUrl() {
        Config.Tts t = tts("TTS", "elevenlabs", "TTS_URL", "ws://127.0.0.1:9000/v1/", "TTS_VOICE", "v1", "TTS_MODEL", "eleven_turbo_v2_5");
        assertThat(t.url()).hasToString("ws://127.0.0.1:9000/v1");
        assertThat(t.apiKey()).isNull();
        assertThat(t.model()).isEqualTo("eleven_turbo_v2_5");
        assertThatThrownBy(() -> tts("TTS", "elevenlabs", "TTS_URL", "https://api.elevenlabs.io/v1", "TTS_API_KEY", "k", "TTS_VOICE", "v"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("TTS_URL: must be an absolute");
    }

    @Test
    void espeakNeedsNoUrlKeyOrModelAndItsVoiceFollowsTheLanguage() {
        Config.Tts t = tts("TTS", "espeak");
        assertThat(t.enabled()).isTrue();
        assertThat(t.voice()).as("not openai's alloy: each sentence's language picks the voice").isNull();
        assertThat(t.command()).isAbsolute().endsWith(Path.of("espeak-ng"));
        assertThat(t.wordsPerMinute()).isEqualTo(175);
        assertThat(t.workers()).isEqualTo(2 * Runtime.getRuntime().availableProcessors());
        EspeakSpeech.Settings s = EspeakSpeech.Settings.from(tts("TTS", "espeak", "TTS_VOICE", "en-us+f3", "TTS_SPEED", "150", "TTS_WORKERS", "3"));
        assertThat(s.voice()).isEqualTo("en-us+f3");
        assertThat(s.wordsPerMinute()).isEqualTo(150);
        assertThat(s.workers()).isEqualTo(3);
        assertThat(s.queue()).isEqualTo(24);
    }

    @Test
    void aMissingEspeakStopsStartUpWithOneLine() {
        assertThatThrownBy(() -> tts("TTS", "espeak", "TTS_COMMAND", "espeak-ng-not-installed")).isInstanceOf(ConfigException.class)
                .hasMessage("TTS_COMMAND: espeak-ng-not-installed not found on PATH; apt-get install espeak-ng");
        assertThatThrownBy(() -> tts("TTS", "espeak", "PATH", dir.toString())).isInstanceOf(ConfigException.class)
                .hasMessage("TTS_COMMAND: espeak-ng not found on PATH; apt-get install espeak-ng");
        assertThatThrownBy(() -> tts("TTS", "espeak", "TTS_COMMAND", dir.resolve("espeak-ng").toString())).isInstanceOf(ConfigException.class)
                .hasMessage("TTS_COMMAND: " + dir.resolve("espeak-ng") + " is not an executable file");
    }

    @Test
    void anEspeakCommandOnThePathOrByPath() throws Exception {
        Path program = Files.writeString(dir.resolve("my-espeak"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(tts("TTS", "espeak", "TTS_COMMAND", "my-espeak", "PATH", "/nonexistent:" + dir).command()).isEqualTo(program);
        assertThat(tts("TTS", "espeak", "TTS_COMMAND", program.toString()).command()).isEqualTo(program);
    }

    @Test
    void badValuesNameTheVariable() {
        assertThatThrownBy(() -> tts("TTS", "polly")).isInstanceOf(ConfigException.class).hasMessageStartingWith("TTS:");
        assertThatThrownBy(() -> tts("TTS", "openai", "TTS_URL", "ftp://x/v1", "TTS_MODEL", "m")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("TTS_URL:");
        assertThatThrownBy(() -> tts("TTS", "espeak", "TTS_VOICE", "-w /tmp/x")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("TTS_VOICE: must be an espeak-ng voice");
        assertThatThrownBy(() -> tts("TTS", "espeak", "TTS_SPEED", "1000")).isInstanceOf(ConfigException.class)
                .hasMessage("TTS_SPEED: must be between 80 and 450, got 1000");
        assertThatThrownBy(() -> tts("TTS", "espeak", "TTS_WORKERS", "0")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("TTS_WORKERS:");
    }
}
