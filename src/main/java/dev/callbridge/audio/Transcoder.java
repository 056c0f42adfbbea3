package dev.callbridge.audio;

/**
 * Converts one stream's audio from one format to another (PCMU, PCMA or L16 at 8, 16 or
 * 24 kHz): decode to PCM16, resample if the rates differ, encode. Equal formats pass through
 * untouched, which is the common μ-law ⇄ μ-law case. Stateful (it owns the stream's
 * {@link Resampler}): one per direction per call, not thread-safe.
 */
public final class Transcoder {
    private final AudioFormat from;
    private final AudioFormat to;
    private final Resampler resampler; // null when the rates are equal

    public Transcoder(AudioFormat from, AudioFormat to) {
        if (from == null || to == null) throw new IllegalArgumentException("both formats are required");
        this.from = from;
        this.to = to;
        this.resampler = from.sampleRate() == to.sampleRate() ? null : Resampler.create(from.sampleRate(), to.sampleRate());
    }

    public AudioFormat from() {
        return from;
    }

    public AudioFormat to() {
        return to;
    }

    /** True when chunks come out as the very same objects that went in. */
    public boolean isPassThrough() {
        return from.equals(to);
    }

    /** Converts the next chunk of the stream; it must be in {@link #from()}. */
    public AudioChunk convert(AudioChunk chunk) {
        if (!chunk.format().equals(from)) {
            throw new IllegalArgumentException("transcoder from " + from + " was given " + chunk.format());
        }
        if (isPassThrough()) return chunk;
        return new AudioChunk(to, convert(chunk.data()));
    }

    /** Converts the next bytes of the stream, coded in {@link #from()}. */
    public byte[] convert(byte[] data) {
        if (isPassThrough()) return data;
        byte[] pcm = switch (from.encoding()) {
            case PCMU -> G711.ulawToPcm16(data);
            case PCMA -> G711.alawToPcm16(data);
            case L16 -> data;
        };
        if (resampler != null) pcm = resampler.process(pcm);
        return switch (to.encoding()) {
            case PCMU -> G711.pcm16ToUlaw(pcm);
            case PCMA -> G711.pcm16ToAlaw(pcm);
            case L16 -> pcm;
        };
    }
}
