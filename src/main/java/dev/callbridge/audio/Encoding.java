package dev.callbridge.audio;

/** How samples are coded on a wire. Mono is assumed everywhere in callbridge. */
public enum Encoding {
    /** G.711 μ-law, one byte per sample; 0xFF is +0. */
    PCMU(1, (byte) 0xFF),
    /** G.711 A-law, one byte per sample; 0xD5 is +8, the code closest to zero (A-law has no exact zero). */
    PCMA(1, (byte) 0xD5),
    /** Signed 16-bit linear PCM, little-endian (the in-process representation). */
    L16(2, (byte) 0);

    private final int bytesPerSample;
    private final byte silenceByte;

    Encoding(int bytesPerSample, byte silenceByte) {
        this.bytesPerSample = bytesPerSample;
        this.silenceByte = silenceByte;
    }

    public int bytesPerSample() {
        return bytesPerSample;
    }

    /** The byte that, repeated, is silence in this encoding (used to pad frames and conceal gaps). */
    public byte silenceByte() {
        return silenceByte;
    }
}
