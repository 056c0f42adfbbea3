package dev.callbridge.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link Wav} writes it reads back, and it reads files other tools write. */
class WavRoundTripTest {

    @Test
    void pcm16SurvivesWriteAndRead(@TempDir Path dir) throws IOException {
        AudioChunk audio = new AudioChunk(AudioFormat.L16_16K, Tones.sine(16000, 440, 12000, 1600));
        Path file = dir.resolve("tone.wav");
        Wav.write(file, audio);
        AudioChunk back = Wav.read(file);
        assertThat(back.format()).isEqualTo(AudioFormat.L16_16K);
        assertThat(back.data()).containsExactly(audio.data());
        assertThat(file).hasSize(44 + 3200); // canonical 44-byte header for PCM
    }

    @Test
    void ulawAndAlawSurviveEncodeAndParse() {
        for (AudioFormat format : new AudioFormat[] {AudioFormat.PCMU_8K, AudioFormat.PCMA_8K}) {
            byte[] codes = new byte[161]; // odd on purpose: the writer pads the chunk to an even size
            for (int i = 0; i < codes.length; i++) codes[i] = (byte) (i * 7);
            AudioChunk back = Wav.parse(Wav.encode(new AudioChunk(format, codes)));
            assertThat(back.format()).isEqualTo(format);
            assertThat(back.data()).containsExactly(codes);
        }
    }

    @Test
    void skipsListChunksBeforeAndAfterTheData() {
        byte[] samples = Pcm16.fromShorts(new short[] {1, -2, 300, -32768});
        byte[] list = chunk("LIST", "INFOISFT\u0006\u0000\u0000\u0000sox 1\u0000".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        byte[] file = riff(fmtPcm16(8000), list, chunk("data", samples), list);
        AudioChunk audio = Wav.parse(file);
        assertThat(audio.format()).isEqualTo(AudioFormat.L16_8K);
        assertThat(audio.data()).containsExactly(samples);
    }

    @Test
    void readsWaveFormatExtensibleWithAPcmSubFormat() {
        ByteBuffer fmt = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
        fmt.putShort((short) 0xFFFE).putShort((short) 1).putInt(24000).putInt(48000).putShort((short) 2).putShort((short) 16);
        fmt.putShort((short) 22).putShort((short) 16).putInt(4); // cbSize, valid bits, channel mask
        fmt.putShort((short) 1).put(new byte[14]); // sub-format GUID starting with PCM's tag
        byte[] samples = Pcm16.fromShorts(new short[] {5, 6});
        AudioChunk audio = Wav.parse(riff(chunk("fmt ", fmt.array()), chunk("data", samples)));
        assertThat(audio.format()).isEqualTo(AudioFormat.L16_24K);
        assertThat(audio.data()).containsExactly(samples);
    }

    @Test
    void takesWhatIsThereWhenAStreamingWriterLeftTheSizeUnknown() {
        byte[] samples = Pcm16.fromShorts(new short[] {7, 8, 9});
        byte[] file = riff(fmtPcm16(8000), chunk("data", samples));
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putInt(file.length - samples.length - 4, 0xFFFFFFFF);
        assertThat(Wav.parse(file).data()).containsExactly(samples);
    }

    static byte[] fmtPcm16(int rate) {
        ByteBuffer fmt = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        fmt.putShort((short) 1).putShort((short) 1).putInt(rate).putInt(rate * 2).putShort((short) 2).putShort((short) 16);
        return chunk("fmt ", fmt.array());
    }

    static byte[] chunk(String id, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(8 + body.length + (body.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
        b.put(id.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(body.length).put(body);
        return b.array();
    }

    static byte[] riff(byte[]... chunks) {
        int size = 4;
        for (byte[] c : chunks) size += c.length;
        ByteBuffer b = ByteBuffer.allocate(8 + size).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(size).put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        for (byte[] c : chunks) b.put(c);
        return b.array();
    }
}
