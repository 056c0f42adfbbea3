package dev.callbridge.engine.vad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.audio.Encoding;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Frames of the wrong format or an odd size are refused with an IllegalArgumentException that says
 * what was expected, and are ignored: the stream's time and detection go on as if they had not come.
 * A format the engine cannot take is refused when the detector is made; a closed one refuses use.
 */
class MalformedFramesAreRefusedTest {
    private static SileroModel model;

    @BeforeAll
    static void load() {
        model = SileroModel.load();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void wrongFormatOrOddSizesAreRefusedAndLoseNothing() {
        SpeechStream stream = new SpeechStream().silence(500).say("Yes, please.").silence(1000);
        List<AudioChunk> frames = stream.frames(AudioFormat.PCMU_8K, 20);
        HeardSpeech heard = new HeardSpeech();
        try (VoiceActivity vad = model.factory(VadSettings.DEFAULTS).create(AudioFormat.PCMU_8K, heard.listener())) {
            int half = frames.size() / 2;
            heard.feed(vad, frames.subList(0, half));
            long before = vad.streamMillis();

            assertThatThrownBy(() -> vad.accept(new AudioChunk(AudioFormat.L16_16K, new byte[640])))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("voice activity for PCMU 8000 Hz was given a frame in L16 16000 Hz");
            assertThatThrownBy(() -> vad.accept(new AudioChunk(AudioFormat.PCMA_8K, new byte[160])))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("given a frame in PCMA 8000 Hz");
            for (int bytes : new int[] {0, 1, 56, 161, 1600 + 80, 8000}) {
                assertThatThrownBy(() -> vad.accept(new AudioChunk(AudioFormat.PCMU_8K, new byte[bytes])))
                        .as("%d bytes", bytes)
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageStartingWith("a voice activity frame must be a whole multiple of 10 ms, 10 to 100 ms; got " + bytes + " bytes");
            }
            assertThatThrownBy(() -> vad.accept(null)).isInstanceOf(IllegalArgumentException.class);
            assertThat(vad.streamMillis()).isEqualTo(before);

            heard.feed(vad, frames.subList(half, frames.size()));
            assertThat(vad.streamMillis()).isEqualTo(frames.size() * 20L);
        }
        assertThat(heard.segments()).as("%s", heard.reports()).hasSize(1);
        assertThat(heard.segments().getFirst().startMs()).isCloseTo(stream.utterances().getFirst().audibleStartMs(), org.assertj.core.data.Offset.offset(150L));
    }

    @Test
    void tenToAHundredMillisecondFramesAreTaken() {
        try (VoiceActivity vad = model.factory(VadSettings.DEFAULTS).create(AudioFormat.L16_16K, e -> { })) {
            for (int ms = 10; ms <= 100; ms += 10) vad.accept(new AudioChunk(AudioFormat.L16_16K, new byte[AudioFormat.L16_16K.bytesFor(ms)]));
            assertThat(vad.streamMillis()).isEqualTo(550);
        }
    }

    @Test
    void aFormatTheEngineCannotTakeIsRefusedAtCreation() {
        AudioFormat cd = new AudioFormat(Encoding.L16, 44_100);
        assertThatThrownBy(() -> model.factory(VadSettings.DEFAULTS).create(cd, e -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Silero voice activity takes PCMU, PCMA or L16 at 8, 16 or 24 kHz, not L16 44100 Hz");
        assertThatThrownBy(() -> model.factory(VadSettings.DEFAULTS).create(AudioFormat.PCMU_8K, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("format and listener are required");
    }

    @Test
    void aClosedDetectorRefusesFrames() {
        VoiceActivity vad = model.factory(VadSettings.DEFAULTS).create(AudioFormat.PCMU_8K, e -> { });
        vad.close();
        vad.close(); // idempotent
        assertThatThrownBy(() -> vad.accept(new AudioChunk(AudioFormat.PCMU_8K, new byte[160])))
                .isInstanceOf(IllegalStateException.class).hasMessage("voice activity used after close");
    }
}
