package dev.callbridge.recording;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.call.Recording;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A killed process leaves an interpreted call's two {@code .part} files (A's and B's, at their
 * own rates, headers lagging): both are repaired under their final names, and the call gets one
 * repaired summary with B's as {@code partyB}. If it died between the two renames, the party
 * already finished is described from its file.
 */
class InterruptedInterpretedRecordingRepairsBothPartiesTest {
    @TempDir
    Path dir;

    @Test
    void bothPartsAreRepairedIntoOneSummary() throws Exception {
        RecordingFiles files = new RecordingFiles(dir);
        part(dir.resolve("c_0789.wav.part"), 8000, 8000 * 4 + 1);      // 1 s, and a torn frame
        part(dir.resolve("c_0789.b.wav.part"), 16000, 8000 * 4 + 2);   // 0.5 s at 16 kHz, and a torn frame

        assertThat(files.repairInterrupted()).containsExactly(new RecordingFiles.Repaired("c_0789",
                Recording.incomplete(1000, StereoWav.HEADER_BYTES + 8000 * 4, Recording.INTERRUPTED)
                        .withPartyB(Recording.incomplete(500, StereoWav.HEADER_BYTES + 8000 * 4, Recording.INTERRUPTED))));
        assertThat(files.inProgress("c_0789")).isFalse();
        assertThat(files.inProgress("c_0789", dev.callbridge.call.Interpretation.Side.B)).isFalse();
        RecordedWav b = RecordedWav.parse(Files.readAllBytes(files.finished("c_0789", dev.callbridge.call.Interpretation.Side.B).orElseThrow()));
        assertThat(b.sampleRate()).isEqualTo(16000);
        assertThat(b.left()).hasSize(8000);
        assertThat(RecordedWav.parse(Files.readAllBytes(files.finished("c_0789").orElseThrow())).left()).hasSize(8000);
    }

    @Test
    void aPartyAlreadyFinishedIsDescribedFromItsFile() throws Exception {
        RecordingFiles files = new RecordingFiles(dir);
        part(dir.resolve("c_0790.b.wav"), 8000, 8000 * 4);  // B was named: header already true
        part(dir.resolve("c_0790.wav.part"), 8000, 16000 * 4);

        assertThat(files.repairInterrupted()).containsExactly(new RecordingFiles.Repaired("c_0790",
                Recording.incomplete(2000, StereoWav.HEADER_BYTES + 16000 * 4, Recording.INTERRUPTED)
                        .withPartyB(Recording.complete(1000, StereoWav.HEADER_BYTES + 8000 * 4))));
    }

    /** A recording file whose header says less than it holds, as a kill leaves it. */
    private static void part(Path path, int rate, int dataBytes) throws Exception {
        byte[] header = new byte[StereoWav.HEADER_BYTES];
        StereoWav.header(rate, Math.min(dataBytes, 400) / 4 * 4).get(header);
        if (!path.toString().endsWith(".part")) StereoWav.header(rate, dataBytes).get(header);
        byte[] data = new byte[dataBytes];
        for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 7);
        Files.write(path, ByteBuffer.allocate(header.length + data.length).put(header).put(data).array());
    }
}
