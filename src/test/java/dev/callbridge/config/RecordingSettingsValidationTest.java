package dev.callbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code RECORDING} and {@code RECORDING_RETENTION_DAYS}: off and forever by default, and a bad value names itself. */
class RecordingSettingsValidationTest {
    @TempDir
    Path dir;

    private Config config(String... kv) {
        return ConfigFromPairs.of(dir, kv);
    }

    @Test
    void offAndKeptForeverByDefault() {
        assertThat(config().recording()).isEqualTo(new Config.RecordingSettings(false, null));
        assertThat(config("RECORDING", "ON", "RECORDING_RETENTION_DAYS", "30").recording())
                .isEqualTo(new Config.RecordingSettings(true, Duration.ofDays(30)));
        assertThat(config("RECORDING", "off").recording().recordByDefault()).isFalse();
    }

    @Test
    void badValuesNameTheirVariable() {
        assertThatThrownBy(() -> config("RECORDING", "yes")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("RECORDING: must be one of").hasMessageEndingWith("got 'yes'");
        assertThatThrownBy(() -> config("RECORDING_RETENTION_DAYS", "0")).hasMessageStartingWith("RECORDING_RETENTION_DAYS: must be between 1 and");
        assertThatThrownBy(() -> config("RECORDING_RETENTION_DAYS", "a week")).hasMessage("RECORDING_RETENTION_DAYS: must be a whole number, got 'a week'");
    }
}
