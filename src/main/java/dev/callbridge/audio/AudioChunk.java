package dev.callbridge.audio;

/**
 * A piece of audio in a known format. The array is owned by the chunk once constructed:
 * producers hand it over and nobody writes to it afterwards, so chunks pass between
 * legs and agents without copying.
 */
public record AudioChunk(AudioFormat format, byte[] data) {
    public AudioChunk {
        if (format == null || data == null) throw new IllegalArgumentException("format and data are required");
        if (data.length % format.encoding().bytesPerSample() != 0) {
            throw new IllegalArgumentException("a " + format.encoding() + " chunk of " + data.length + " bytes splits a sample");
        }
    }

    public long durationMicros() {
        return format.micros(data.length);
    }

    public int durationMillis() {
        return (int) (durationMicros() / 1000);
    }
}
