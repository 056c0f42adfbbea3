package dev.callbridge.engine.vad;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Ten seconds of a line with nobody on it, silent or hissing, in both formats: nothing is reported. */
class SilenceAndLowNoiseAreNotSpeechTest {
    private static SileroModel model;

    @BeforeAll
    static void load() {
        model = SileroModel.load();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static Stream<Arguments> lines() {
        byte[] ulawSilence = new byte[160];
        Arrays.fill(ulawSilence, (byte) 0xFF); // μ-law's zero
        return Stream.of(
                Arguments.of("μ-law digital silence", Collections.nCopies(500, new AudioChunk(AudioFormat.PCMU_8K, ulawSilence))),
                Arguments.of("L16 digital silence", Collections.nCopies(500, new AudioChunk(AudioFormat.L16_16K, new byte[640]))),
                Arguments.of("μ-law −60 dBFS hiss", new SpeechStream().noise(10_000, 32, 1).frames(AudioFormat.PCMU_8K, 20)),
                Arguments.of("μ-law −45 dBFS hiss", new SpeechStream().noise(10_000, 180, 2).frames(AudioFormat.PCMU_8K, 20)),
                Arguments.of("L16 −45 dBFS hiss", new SpeechStream().noise(10_000, 180, 3).frames(AudioFormat.L16_16K, 20)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lines")
    void nothingIsReported(String line, List<AudioChunk> frames) {
        AudioFormat format = frames.getFirst().format();
        HeardSpeech heard = new HeardSpeech();
        try (VoiceActivity vad = model.factory(VadSettings.DEFAULTS).create(format, heard.listener())) {
            heard.feed(vad, frames);
            assertThat(vad.streamMillis()).isEqualTo(10_000);
        }
        assertThat(heard.reports()).as(line).isEmpty();
    }
}
