package dev.callbridge.audio;

/** How samples are coded on a wire. Mono is assumed everywhere in callbridge. */
public enum Encoding {
    /** G.711 μ-law, one byte per sample. */
    PCMU(1),
    /** G.711 A-law, one byte per sample. */
    PCMA(1),
    /** Signed 16-bit linear PCM, little-endian (the in-process representation). */
    L16(2);

    private final int bytesPerSample;

    Encoding(int bytesPerSample) {
        this.bytesPerSample = bytesPerSample;
    }

    public int bytesPerSample() {
        return bytesPerSample;
    }
}
