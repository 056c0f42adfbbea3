package dev.callbridge.audio;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Cuts a stream of audio of one format into fixed-duration frames (20 ms unless told otherwise:
 * 160 bytes of 8 kHz G.711, 640 bytes of 16 kHz L16), keeping the remainder for the next push.
 * One per stream; not thread-safe.
 */
public final class Framer {
    public static final int DEFAULT_FRAME_MILLIS = 20;

    private final AudioFormat format;
    private final byte[] pending;
    private int pendingLength;

    public Framer(AudioFormat format) {
        this(format, DEFAULT_FRAME_MILLIS);
    }

    public Framer(AudioFormat format, int frameMillis) {
        if (format == null) throw new IllegalArgumentException("format is required");
        int frameBytes = format.bytesFor(frameMillis);
        if (frameBytes <= 0 || frameBytes % format.encoding().bytesPerSample() != 0
                || (long) frameBytes * 1000 != (long) format.bytesPerSecond() * frameMillis) {
            throw new IllegalArgumentException(frameMillis + " ms is not a whole number of samples of " + format);
        }
        this.format = format;
        this.pending = new byte[frameBytes];
    }

    public AudioFormat format() {
        return format;
    }

    public int frameBytes() {
        return pending.length;
    }

    /** Bytes held back because they do not fill a frame yet. */
    public int pendingBytes() {
        return pendingLength;
    }

    /** Adds a chunk of this framer's format; returns the frames it completes, oldest first. */
    public List<AudioChunk> push(AudioChunk chunk) {
        if (!chunk.format().equals(format)) {
            throw new IllegalArgumentException("framer for " + format + " was given " + chunk.format());
        }
        return push(chunk.data());
    }

    /** Adds raw bytes of this framer's format; returns the frames they complete, oldest first. */
    public List<AudioChunk> push(byte[] data) {
        int frameBytes = pending.length;
        int total = pendingLength + data.length;
        List<AudioChunk> frames = new ArrayList<>(total / frameBytes);
        int read = 0;
        if (pendingLength > 0) {
            int take = Math.min(frameBytes - pendingLength, data.length);
            System.arraycopy(data, 0, pending, pendingLength, take);
            pendingLength += take;
            read = take;
            if (pendingLength < frameBytes) return frames;
            frames.add(new AudioChunk(format, pending.clone()));
            pendingLength = 0;
        }
        for (; data.length - read >= frameBytes; read += frameBytes) {
            byte[] frame = new byte[frameBytes];
            System.arraycopy(data, read, frame, 0, frameBytes);
            frames.add(new AudioChunk(format, frame));
        }
        System.arraycopy(data, read, pending, 0, data.length - read);
        pendingLength = data.length - read;
        return frames;
    }

    /** The held-back remainder as a last frame padded with silence, or empty if nothing is held back. */
    public Optional<AudioChunk> flush() {
        if (pendingLength == 0) return Optional.empty();
        byte[] frame = pending.clone();
        Arrays.fill(frame, pendingLength, frame.length, format.encoding().silenceByte());
        pendingLength = 0;
        return Optional.of(new AudioChunk(format, frame));
    }
}
