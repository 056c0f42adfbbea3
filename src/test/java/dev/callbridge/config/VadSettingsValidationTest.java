package dev.callbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callbridge.engine.vad.VadSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code VAD}, {@code VAD_THRESHOLD}, {@code VAD_MIN_SPEECH_MS}, {@code VAD_MIN_SILENCE_MS}: Silero with its defaults unless told, and a bad value names itself. */
class VadSettingsValidationTest {
    @TempDir
    Path dir;

    private Config config(String... kv) {
        return ConfigFromPairs.of(dir, kv);
    }

    @Test
    void sileroWithItsDefaultsUnlessTold() {
        assertThat(config().vad()).isEqualTo(new Config.Vad(Config.VadEngine.SILERO, VadSettings.DEFAULTS));
        assertThat(config("VAD", "OFF").vad().engine()).isEqualTo(Config.VadEngine.OFF);
        Config.Vad vad = config("VAD", "silero", "VAD_THRESHOLD", "0.6", "VAD_MIN_SPEECH_MS", "400", "VAD_MIN_SILENCE_MS", "800").vad();
        assertThat(vad.settings().threshold()).isEqualTo(0.6);
        assertThat(vad.settings().endThreshold()).isCloseTo(0.45, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(vad.settings().minSpeechMs()).isEqualTo(400);
        assertThat(vad.settings().minSilenceMs()).isEqualTo(800);
        assertThat(vad.settings().speechPadMs()).isEqualTo(VadSettings.DEFAULTS.speechPadMs());
        assertThat(config("VAD_THRESHOLD", ".3").vad().settings().threshold()).isEqualTo(0.3);
        assertThat(config("VAD_MIN_SPEECH_MS", "0", "VAD_MIN_SILENCE_MS", "0").vad().settings())
                .isEqualTo(new VadSettings(0.5, 0.35, 0, 0, 30));
    }

    @Test
    void badValuesNameTheirVariable() {
        assertThatThrownBy(() -> config("VAD", "webrtc")).isInstanceOf(ConfigException.class)
                .hasMessage("VAD: must be one of [silero, off], got 'webrtc'");
        for (String bad : new String[] {"half", "NaN", "1e-1", "0.5f", "-0.5", "0,5"}) {
            assertThatThrownBy(() -> config("VAD_THRESHOLD", bad)).as(bad).isInstanceOf(ConfigException.class)
                    .hasMessage("VAD_THRESHOLD: must be a number like 0.5, got '" + bad + "'");
        }
        assertThatThrownBy(() -> config("VAD_THRESHOLD", "1")).hasMessage("VAD_THRESHOLD: must be between 0.01 and 0.99, got 1");
        assertThatThrownBy(() -> config("VAD_THRESHOLD", "0.0")).hasMessage("VAD_THRESHOLD: must be between 0.01 and 0.99, got 0.0");
        assertThatThrownBy(() -> config("VAD_MIN_SPEECH_MS", "-1")).hasMessage("VAD_MIN_SPEECH_MS: must be between 0 and 10000, got -1");
        assertThatThrownBy(() -> config("VAD_MIN_SILENCE_MS", "half a second"))
                .hasMessage("VAD_MIN_SILENCE_MS: must be a whole number, got 'half a second'");
        assertThatThrownBy(() -> config("VAD_MIN_SILENCE_MS", "20000")).hasMessage("VAD_MIN_SILENCE_MS: must be between 0 and 10000, got 20000");
    }

    @Test
    void settingsOutOfRangeAreRefusedInCodeToo() {
        assertThatThrownBy(() -> new VadSettings(0.5, 0.6, 250, 500, 30)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("endThreshold must be above 0 and at most threshold (0.5), got 0.6");
        assertThatThrownBy(() -> new VadSettings(1.0, 0.35, 250, 500, 30)).hasMessage("threshold must be between 0 and 1, got 1.0");
        assertThatThrownBy(() -> new VadSettings(0.5, 0.35, -1, 500, 30)).hasMessageStartingWith("durations must not be negative");
    }
}
