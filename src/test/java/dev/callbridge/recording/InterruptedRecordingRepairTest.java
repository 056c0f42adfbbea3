package dev.callbridge.recording;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.call.Recording;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code .part} a killed process left behind, with a header that lags what was written and a
 * half-written last frame, becomes a valid WAV of every whole frame in it, under its final name.
 */
class InterruptedRecordingRepairTest {
    @TempDir
    Path dir;

    @Test
    void theHeaderIsRewrittenFromTheLengthAndTheFileGetsItsFinalName() throws Exception {
        RecordingFiles files = new RecordingFiles(dir);
        byte[] header = new byte[StereoWav.HEADER_BYTES];
        StereoWav.header(8000, 400).get(header); // the last header written said 100 frames
        byte[] data = new byte[8000 * 4 + 3]; // 1 s of stereo, then 3 bytes of a frame cut short by the kill
        for (int i = 0; i < data.length; i++) data[i] = (byte) i;
        Files.write(dir.resolve("c_0123.wav.part"), ByteBuffer.allocate(header.length + data.length).put(header).put(data).array());

        List<RecordingFiles.Repaired> repaired = files.repairInterrupted();

        assertThat(repaired).containsExactly(new RecordingFiles.Repaired("c_0123",
                Recording.incomplete(1000, StereoWav.HEADER_BYTES + 8000 * 4, Recording.INTERRUPTED)));
        assertThat(files.inProgress("c_0123")).isFalse();
        Path wav = files.finished("c_0123").orElseThrow();
        RecordedWav parsed = RecordedWav.parse(Files.readAllBytes(wav));
        assertThat(parsed.left()).hasSize(8000);
        assertThat(parsed.left()[1]).isEqualTo((short) ((4 & 0xFF) | (5 << 8)));
    }

    @Test
    void aPartTooShortToHoldAHeaderIsRemoved() throws Exception {
        RecordingFiles files = new RecordingFiles(dir);
        Files.write(dir.resolve("c_0456.wav.part"), new byte[10]);
        assertThat(files.repairInterrupted()).containsExactly(new RecordingFiles.Repaired("c_0456",
                Recording.incomplete(0, 0, Recording.INTERRUPTED)));
        assertThat(Files.list(dir)).isEmpty();
    }

    @Test
    void aPathThatIsNotACallIdIsNeverAFile() throws Exception {
        RecordingFiles files = new RecordingFiles(dir.resolve("recordings"));
        Files.createDirectories(files.dir());
        Files.write(dir.resolve("secret.wav"), new byte[50]);
        assertThat(files.finished("../secret")).isEmpty();
        assertThat(files.inProgress("../secret")).isFalse();
    }
}
