package dev.callbridge.audio;

import static dev.callbridge.audio.WavRoundTripTest.chunk;
import static dev.callbridge.audio.WavRoundTripTest.fmtPcm16;
import static dev.callbridge.audio.WavRoundTripTest.riff;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Input {@link Wav} cannot use is refused with a message that says what is wrong with it. */
class WavParseErrorTest {

    @Test
    void notAWavFile() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Wav.parse("ID3\u0004 this is an mp3, honest".getBytes(StandardCharsets.ISO_8859_1)))
                .withMessage("not a WAV file: no RIFF/WAVE header");
        assertThatIllegalArgumentException().isThrownBy(() -> Wav.parse(new byte[0])).withMessageContaining("not a WAV file");
    }

    @Test
    void stereo() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Wav.parse(riff(fmt(1, 2, 16), chunk("data", new byte[8]))))
                .withMessage("only mono WAV is supported, this one has 2 channels");
    }

    @Test
    void eightBitPcm() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Wav.parse(riff(fmt(1, 1, 8), chunk("data", new byte[8]))))
                .withMessage("only 16-bit PCM WAV is supported, this one is 8-bit");
    }

    @Test
    void compressedFormatsOtherThanG711() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Wav.parse(riff(fmt(0x11 /* IMA ADPCM */, 1, 4), chunk("data", new byte[8]))))
                .withMessageContaining("unsupported WAV format tag 17");
    }

    @Test
    void truncatedInsideTheData() {
        byte[] whole = Wav.encode(new AudioChunk(AudioFormat.L16_8K, new byte[3200]));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Wav.parse(Arrays.copyOf(whole, 1000)))
                .withMessage("truncated WAV: data chunk declares 3200 bytes, only 956 present");
    }

    @Test
    void truncatedInsideTheHeader() {
        byte[] whole = Wav.encode(new AudioChunk(AudioFormat.L16_8K, new byte[3200]));
        assertThatIllegalArgumentException().isThrownBy(() -> Wav.parse(Arrays.copyOf(whole, 30)))
                .withMessage("truncated WAV: fmt chunk shorter than 16 bytes");
        assertThatIllegalArgumentException().isThrownBy(() -> Wav.parse(Arrays.copyOf(whole, 40)))
                .withMessage("invalid or truncated WAV: no data chunk");
    }

    @Test
    void dataBeforeFormat() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Wav.parse(riff(chunk("data", new byte[4]), fmtPcm16(8000))))
                .withMessage("invalid WAV: data chunk before fmt chunk");
    }

    @Test
    void readNamesTheFile(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("song.mp3"), new byte[100]);
        assertThatIllegalArgumentException().isThrownBy(() -> Wav.read(file))
                .withMessage(file + ": not a WAV file: no RIFF/WAVE header");
    }

    private static byte[] fmt(int tag, int channels, int bits) {
        ByteBuffer fmt = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        int blockAlign = channels * bits / 8;
        fmt.putShort((short) tag).putShort((short) channels).putInt(8000).putInt(8000 * blockAlign)
                .putShort((short) blockAlign).putShort((short) bits);
        return chunk("fmt ", fmt.array());
    }
}
