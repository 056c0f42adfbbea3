package dev.callbridge.recording;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The recording's file format: a canonical 44-byte RIFF/WAVE header for 16-bit PCM stereo
 * (left = caller, right = what was played to the caller), then the interleaved samples. Pure;
 * {@link RecordingFile} does the I/O. The sizes in the header are rewritten as the file grows,
 * and {@link #dataBytesIn} recovers them from the file length after a crash.
 */
final class StereoWav {
    static final int HEADER_BYTES = 44;
    static final int CHANNELS = 2;
    /** One sample of each channel, 16 bits each. */
    static final int FRAME_BYTES = 4;
    /** RIFF sizes are 32-bit; a recording stops growing before its header would overflow. */
    static final long MAX_DATA_BYTES = 0xFFFF_FFFFL - 36 - FRAME_BYTES;

    private StereoWav() {}

    static ByteBuffer header(int sampleRate, long dataBytes) {
        if (dataBytes < 0 || dataBytes > MAX_DATA_BYTES || dataBytes % FRAME_BYTES != 0) {
            throw new IllegalArgumentException("data size " + dataBytes + " is not a whole number of stereo frames within RIFF's limit");
        }
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x46464952 /* RIFF */).putInt((int) (36 + dataBytes)).putInt(0x45564157 /* WAVE */);
        b.putInt(0x20746d66 /* "fmt " */).putInt(16)
                .putShort((short) 1 /* PCM */).putShort((short) CHANNELS).putInt(sampleRate)
                .putInt(sampleRate * FRAME_BYTES).putShort((short) FRAME_BYTES).putShort((short) 16);
        b.putInt(0x61746164 /* data */).putInt((int) dataBytes);
        return b.flip();
    }

    /** The sample rate of a header this class wrote, or -1 if {@code header} is not one. */
    static int sampleRateOf(ByteBuffer header) {
        ByteBuffer b = header.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < HEADER_BYTES || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157
                || b.getInt(12) != 0x20746d66 || b.getShort(20) != 1 || b.getShort(22) != CHANNELS
                || b.getShort(34) != 16 || b.getInt(36) != 0x61746164) {
            return -1;
        }
        int rate = b.getInt(24);
        return rate > 0 ? rate : -1;
    }

    /** The whole stereo frames a file of {@code fileBytes} holds after its header. */
    static long dataBytesIn(long fileBytes) {
        long data = Math.min(Math.max(0, fileBytes - HEADER_BYTES), MAX_DATA_BYTES);
        return data - data % FRAME_BYTES;
    }

    static long durationMs(long dataBytes, int sampleRate) {
        return dataBytes / FRAME_BYTES * 1000 / sampleRate;
    }
}
