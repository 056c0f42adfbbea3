package dev.callbridge.rtp;

import dev.callbridge.audio.AudioFormat;
import dev.callbridge.audio.Pcm16;

/**
 * The two External Media formats callbridge speaks, always in 20 ms packets. Each pairs the
 * leg's in-process {@link AudioFormat} with what goes on the wire, and converts at that edge:
 * in-process L16 is little-endian, RTP L16 is big-endian (RFC 3551 §4.5.11).
 */
public enum RtpFormat {
    /** G.711 μ-law 8 kHz, static payload type 0. Asterisk {@code format=ulaw}. */
    PCMU(AudioFormat.PCMU_8K, 8000, 0, true, "ulaw"),
    /**
     * 16-bit linear 16 kHz, Asterisk {@code format=slin16}. Dynamic payload type: Asterisk picks
     * it and we learn it from the first audio packet; until then we send 118, the number in
     * Asterisk's own static table ({@code rtp_engine.c}: {@code add_static_payload(118, ast_format_slin16, 0)}),
     * which chan_rtp uses for the channel it creates.
     */
    SLIN16(AudioFormat.L16_16K, 16000, 118, false, "slin16");

    public static final int FRAME_MILLIS = 20;

    private final AudioFormat audioFormat;
    private final int clockRate;
    private final int defaultPayloadType;
    private final boolean staticPayloadType;
    private final String asteriskName;

    RtpFormat(AudioFormat audioFormat, int clockRate, int defaultPayloadType, boolean staticPayloadType, String asteriskName) {
        this.audioFormat = audioFormat;
        this.clockRate = clockRate;
        this.defaultPayloadType = defaultPayloadType;
        this.staticPayloadType = staticPayloadType;
        this.asteriskName = asteriskName;
    }

    /** What the leg hands to and gets from the session: μ-law bytes, or L16 little-endian. */
    public AudioFormat audioFormat() {
        return audioFormat;
    }

    /** RTP timestamp units per second. */
    public int clockRate() {
        return clockRate;
    }

    /** Timestamp increment per 20 ms packet: 160 for PCMU, 320 for slin16. */
    public int samplesPerFrame() {
        return clockRate * FRAME_MILLIS / 1000;
    }

    /** Bytes in one 20 ms frame: 160 for PCMU, 640 for slin16. */
    public int frameBytes() {
        return audioFormat.bytesFor(FRAME_MILLIS);
    }

    public byte silenceByte() {
        return audioFormat.encoding().silenceByte();
    }

    public int defaultPayloadType() {
        return defaultPayloadType;
    }

    /** True when the payload type is fixed by RFC 3551 (PCMU = 0); false when it is learned from the remote. */
    public boolean staticPayloadType() {
        return staticPayloadType;
    }

    /** The value for the {@code format} parameter of ARI {@code externalMedia}. */
    public String asteriskName() {
        return asteriskName;
    }

    /** Leg audio → RTP payload. μ-law is returned as is; L16 becomes a big-endian copy. */
    public byte[] toWire(byte[] legAudio) {
        return this == SLIN16 ? Pcm16.swapByteOrder(legAudio) : legAudio;
    }

    /** RTP payload → leg audio; the inverse of {@link #toWire}. */
    public byte[] fromWire(byte[] payload) {
        return this == SLIN16 ? Pcm16.swapByteOrder(payload) : payload;
    }
}
