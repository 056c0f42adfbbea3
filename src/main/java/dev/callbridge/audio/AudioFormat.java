package dev.callbridge.audio;

/** An encoding at a sample rate; always mono. */
public record AudioFormat(Encoding encoding, int sampleRate) {
    public static final AudioFormat PCMU_8K = new AudioFormat(Encoding.PCMU, 8000);
    public static final AudioFormat PCMA_8K = new AudioFormat(Encoding.PCMA, 8000);
    public static final AudioFormat L16_8K = new AudioFormat(Encoding.L16, 8000);
    public static final AudioFormat L16_16K = new AudioFormat(Encoding.L16, 16000);
    public static final AudioFormat L16_24K = new AudioFormat(Encoding.L16, 24000);

    public AudioFormat {
        if (encoding == null) throw new IllegalArgumentException("encoding is required");
        if (sampleRate <= 0) throw new IllegalArgumentException("sampleRate must be positive: " + sampleRate);
    }

    public int bytesPerSecond() {
        return sampleRate * encoding.bytesPerSample();
    }

    /** Bytes in {@code millis} of audio; 160 for 20 ms of 8 kHz G.711. */
    public int bytesFor(int millis) {
        return (int) ((long) bytesPerSecond() * millis / 1000);
    }

    /** Duration of {@code bytes} of audio in microseconds. */
    public long micros(int bytes) {
        return (long) bytes * 1_000_000L / bytesPerSecond();
    }
}
