package dev.callbridge.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * RIFF/WAVE for mono PCM16 (format tag 1) and G.711 μ-law / A-law (tags 7 and 6).
 * Parsing is pure ({@link #parse}/{@link #header}/{@link #encode}); {@link #read}/{@link #write} only add file I/O.
 */
public final class Wav {
    private static final int TAG_PCM = 1;
    private static final int TAG_ALAW = 6;
    private static final int TAG_ULAW = 7;
    private static final int TAG_EXTENSIBLE = 0xFFFE;
    /** Data sizes from here up are placeholders of streaming writers (sox 0x7FFFF000, others 0xFFFFFFFF). */
    private static final long UNKNOWN_SIZE_FLOOR = 0x7FFF_0000L;

    private Wav() {}

    public static AudioChunk read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            return parse(bytes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    public static void write(Path file, AudioChunk audio) throws IOException {
        Files.write(file, encode(audio));
    }

    /**
     * What a WAV file's header says, read from its first bytes up to the data chunk's header: a
     * stream's first bytes are enough.
     *
     * @param dataOffset where the samples start
     * @param dataBytes  the samples' length as declared, or -1 when the writer could not know it
     *                   (0 or a huge placeholder, as programs writing to a pipe leave it)
     */
    public record Header(AudioFormat format, int dataOffset, long dataBytes) {}

    /** Parses a WAV file image. Unknown chunks (LIST, fact…) are skipped. */
    public static AudioChunk parse(byte[] bytes) {
        Header header = header(bytes);
        int available = bytes.length - header.dataOffset();
        if (header.dataBytes() > available) {
            throw new IllegalArgumentException("truncated WAV: data chunk declares " + header.dataBytes() + " bytes, only " + available + " present");
        }
        int len = header.dataBytes() < 0 ? available : (int) header.dataBytes();
        len -= len % header.format().encoding().bytesPerSample();
        byte[] data = new byte[len];
        System.arraycopy(bytes, header.dataOffset(), data, 0, len);
        return new AudioChunk(header.format(), data);
    }

    /**
     * Reads the header of a WAV file image, or of its first bytes. Unknown chunks (LIST, fact…) are skipped.
     *
     * @throws IllegalArgumentException when the bytes are not WAV, not a format we take, or end before the data chunk
     */
    public static Header header(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 12 || b.getInt(0) != 0x46464952 /* RIFF */ || b.getInt(8) != 0x45564157 /* WAVE */) {
            throw new IllegalArgumentException("not a WAV file: no RIFF/WAVE header");
        }
        AudioFormat format = null;
        int pos = 12;
        while (pos + 8 <= bytes.length) {
            int id = b.getInt(pos);
            long size = Integer.toUnsignedLong(b.getInt(pos + 4));
            int body = pos + 8;
            if (id == 0x20746d66 /* "fmt " */) {
                if (size < 16 || body + 16 > bytes.length) throw new IllegalArgumentException("truncated WAV: fmt chunk shorter than 16 bytes");
                int tag = b.getShort(body) & 0xFFFF;
                // WAVE_FORMAT_EXTENSIBLE names the real format in the first two bytes of its sub-format GUID.
                if (tag == TAG_EXTENSIBLE && size >= 40 && body + 26 <= bytes.length) tag = b.getShort(body + 24) & 0xFFFF;
                format = formatOf(tag, b.getShort(body + 2), b.getInt(body + 4), b.getShort(body + 14));
            } else if (id == 0x61746164 /* "data" */) {
                if (format == null) throw new IllegalArgumentException("invalid WAV: data chunk before fmt chunk");
                // Writers that stream to a pipe cannot know the size: they leave 0 or a huge placeholder.
                boolean unknownSize = size == 0 || size >= UNKNOWN_SIZE_FLOOR;
                return new Header(format, body, unknownSize ? -1 : size);
            }
            pos = (int) Math.min(Integer.MAX_VALUE, body + size + (size & 1));
        }
        throw new IllegalArgumentException(format == null ? "invalid or truncated WAV: no fmt chunk" : "invalid or truncated WAV: no data chunk");
    }

    private static AudioFormat formatOf(int tag, int channels, int rate, int bits) {
        if (channels != 1) throw new IllegalArgumentException("only mono WAV is supported, this one has " + channels + " channels");
        return switch (tag) {
            case TAG_PCM -> {
                if (bits != 16) throw new IllegalArgumentException("only 16-bit PCM WAV is supported, this one is " + bits + "-bit");
                yield new AudioFormat(Encoding.L16, rate);
            }
            case TAG_ULAW -> new AudioFormat(Encoding.PCMU, rate);
            case TAG_ALAW -> new AudioFormat(Encoding.PCMA, rate);
            default -> throw new IllegalArgumentException("unsupported WAV format tag " + tag + " (supported: 1 PCM, 6 A-law, 7 μ-law)");
        };
    }

    /** A complete WAV file image for the chunk. */
    public static byte[] encode(AudioChunk audio) {
        AudioFormat f = audio.format();
        int tag = switch (f.encoding()) {
            case L16 -> TAG_PCM;
            case PCMU -> TAG_ULAW;
            case PCMA -> TAG_ALAW;
        };
        boolean pcm = tag == TAG_PCM;
        int fmtSize = pcm ? 16 : 18; // non-PCM formats carry cbSize
        int bytesPerSample = f.encoding().bytesPerSample();
        int data = audio.data().length;
        ByteBuffer b = ByteBuffer.allocate(12 + 8 + fmtSize + 8 + data + (data & 1)).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x46464952).putInt(b.capacity() - 8).putInt(0x45564157);
        b.putInt(0x20746d66).putInt(fmtSize)
                .putShort((short) tag).putShort((short) 1).putInt(f.sampleRate())
                .putInt(f.sampleRate() * bytesPerSample).putShort((short) bytesPerSample)
                .putShort((short) (bytesPerSample * 8));
        if (!pcm) b.putShort((short) 0);
        b.putInt(0x61746164).putInt(data).put(audio.data());
        return b.array();
    }
}
