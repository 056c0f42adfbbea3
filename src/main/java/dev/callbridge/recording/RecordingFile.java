package dev.callbridge.recording;

import dev.callbridge.call.Recording;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One recording being written: the WAV header first, then stereo PCM appended as it comes, with
 * the header's sizes rewritten by {@link #syncHeader} so that the file is a valid WAV of what it
 * holds at any moment a process may die. An I/O failure is remembered with its reason
 * ({@code disk-full} or {@code write-error}) and ends the writing: what is already in the file
 * stays, with a header that says so. Used by the {@link RecordingWriter}'s thread only.
 */
final class RecordingFile implements AutoCloseable {
    private final Path path;
    private final int sampleRate;
    private FileChannel channel;
    private long dataBytes;
    private long headerDataBytes = -1;
    private String failure;

    private RecordingFile(Path path, int sampleRate) {
        this.path = path;
        this.sampleRate = sampleRate;
    }

    /** Creates (or replaces) the file with an empty recording's header; a failure is kept, not thrown. */
    static RecordingFile create(Path path, int sampleRate) {
        RecordingFile file = new RecordingFile(path, sampleRate);
        try {
            file.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
            file.syncHeader();
        } catch (IOException e) {
            file.fail(e);
        }
        return file;
    }

    Path path() {
        return path;
    }

    /** Null while all is well; else why the recording stopped growing. */
    String failure() {
        return failure;
    }

    /** Appends interleaved stereo PCM (whole frames). */
    void append(byte[] pcm) {
        if (failure != null || pcm.length == 0) return;
        if (dataBytes + pcm.length > StereoWav.MAX_DATA_BYTES) {
            failure = Recording.WRITE_ERROR; // over 4 GiB: RIFF cannot say more
            return;
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(pcm);
            while (b.hasRemaining()) channel.write(b, StereoWav.HEADER_BYTES + dataBytes + b.position());
            dataBytes += pcm.length;
        } catch (IOException e) {
            fail(e);
        }
    }

    /**
     * Writes the current sizes into the header. The bytes go to the operating system, which keeps
     * them across a killed process; no fsync, which would only matter for a lost machine.
     */
    void syncHeader() {
        if (channel == null || headerDataBytes == dataBytes) return;
        try {
            ByteBuffer header = StereoWav.header(sampleRate, dataBytes);
            while (header.hasRemaining()) channel.write(header, header.position());
            headerDataBytes = dataBytes;
        } catch (IOException e) {
            fail(e);
        }
    }

    /** What the file holds as far as its header says (after {@link #close}, all of it). */
    long dataBytes() {
        return dataBytes;
    }

    long fileBytes() {
        return channel == null ? 0 : StereoWav.HEADER_BYTES + dataBytes;
    }

    long durationMs() {
        return StereoWav.durationMs(dataBytes, sampleRate);
    }

    @Override
    public void close() {
        if (channel == null) return;
        syncHeader();
        try {
            channel.close();
        } catch (IOException e) {
            fail(e);
        }
    }

    /**
     * Keeps the reason, then makes the header match what certainly is in the file: a failed write
     * may have left part of itself, which is cut off, so the file stays whole frames.
     */
    private void fail(IOException e) {
        if (failure == null) failure = isDiskFull(e) ? Recording.DISK_FULL : Recording.WRITE_ERROR;
        if (channel == null) return;
        try {
            channel.truncate(StereoWav.HEADER_BYTES + dataBytes);
            ByteBuffer header = StereoWav.header(sampleRate, dataBytes);
            while (header.hasRemaining()) channel.write(header, header.position());
            headerDataBytes = dataBytes;
        } catch (IOException ignored) {
            // The header is rewritten from the length at the next start if this failed too.
        }
    }

    private static boolean isDiskFull(IOException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("No space left") || message.contains("Disk quota exceeded") || message.contains("not enough space");
    }
}
