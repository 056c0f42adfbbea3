package dev.callbridge.engine.tts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.audio.AudioFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The text goes to espeak-ng on its stdin, never through a shell or its argument list: shell
 * metacharacters, quotes and option-like words are spoken, and nothing in them runs.
 */
class EspeakTextIsNeverACommandTest {
    private final EspeakFixture f = new EspeakFixture();
    @TempDir
    Path dir;

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    @Test
    void shellMetacharactersAreSpokenNotRun() throws Exception {
        Path a = dir.resolve("a"), b = dir.resolve("b"), c = dir.resolve("c");
        String text = "\"; rm -rf / $(id) ' ; touch " + a + " $(touch " + b + ") `touch " + c + "` && echo done | cat";
        SpeechRecorder r = f.spoken(text, "en", AudioFormat.PCMU_8K);
        assertThat(r.millis()).as("all of it read out").isGreaterThan(2000);
        assertThat(Files.exists(a) || Files.exists(b) || Files.exists(c)).as("nothing ran").isFalse();
    }

    @Test
    void optionLikeWordsAreSpokenNotParsed() throws Exception {
        // As arguments these would pick an unknown voice and print help instead of speaking.
        SpeechRecorder r = f.spoken("-v xx --help -w /tmp/out.wav", "en", AudioFormat.PCMU_8K);
        assertThat(r.millis()).isGreaterThan(1000);
        assertThat(Files.exists(Path.of("/tmp/out.wav"))).isFalse();
    }
}
