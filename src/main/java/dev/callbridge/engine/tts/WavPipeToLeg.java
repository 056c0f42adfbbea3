package dev.callbridge.engine.tts;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.audio.Wav;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A WAV file read from a pipe as it is written, in pieces of any size, turned into the leg's
 * format in whole 20 ms frames. A program writing WAV to a pipe cannot go back to fill in the
 * sizes, so it writes placeholders and the samples run to the end of the stream, whatever the
 * header says: the header is held until {@link Wav#header} can read it, and everything after it
 * goes through {@link PcmToLeg}.
 * Speech past {@code maxAudio} is dropped and {@link #full()} says so. One per synthesis; not thread-safe.
 */
final class WavPipeToLeg {
    /** A WAV header is 44 bytes, a few more with optional chunks; this much without one is not WAV. */
    static final int MAX_HEADER_BYTES = 4096;

    private final AudioFormat leg;
    private final Duration maxAudio;
    private ByteArrayOutputStream header = new ByteArrayOutputStream();
    private PcmToLeg converter;
    private long maxPcmBytes;
    private long pcmBytes;
    /** Why the bytes so far are not a whole header yet. */
    private String headerProblem;

    WavPipeToLeg(AudioFormat leg, Duration maxAudio) {
        this.leg = leg;
        this.maxAudio = maxAudio;
    }

    /**
     * The frames this piece completes, oldest first; possibly none.
     *
     * @throws IllegalArgumentException when the stream does not start with a mono 16-bit PCM WAV
     *                                  header at a rate the resampler takes
     */
    List<AudioChunk> push(byte[] piece) {
        if (full()) return List.of();
        if (converter == null) {
            header.writeBytes(piece);
            byte[] start = header.toByteArray();
            Wav.Header parsed = parseHeader(start);
            if (parsed == null) return List.of();
            header = null;
            converter = new PcmToLeg(parsed.format(), leg);
            maxPcmBytes = parsed.format().bytesPerSecond() * maxAudio.toMillis() / 1000;
            piece = Arrays.copyOfRange(start, parsed.dataOffset(), start.length);
        }
        if (pcmBytes + piece.length > maxPcmBytes) piece = Arrays.copyOf(piece, (int) (maxPcmBytes - pcmBytes));
        pcmBytes += piece.length;
        return converter.push(piece);
    }

    /**
     * At the end of the stream: the last partial frame padded with silence. An empty stream is
     * no speech (espeak-ng writes nothing, not even a header, when it had nothing to say).
     *
     * @throws IllegalArgumentException when the stream ended inside its header
     */
    Optional<AudioChunk> flush() {
        if (converter != null) return converter.flush();
        if (header.size() == 0) return Optional.empty();
        throw new IllegalArgumentException("the output ended after " + header.size() + " bytes, inside its WAV header (" + headerProblem + ")");
    }

    /** True once the header has been read. */
    boolean started() {
        return converter != null;
    }

    /** True once {@code maxAudio} of speech has come in; what comes after is dropped. */
    boolean full() {
        return converter != null && pcmBytes >= maxPcmBytes;
    }

    /** The header, or null while it is not all there yet. */
    private Wav.Header parseHeader(byte[] start) {
        try {
            return Wav.header(start);
        } catch (IllegalArgumentException notYet) {
            // Wav cannot tell "cut short" from "not WAV": wait for more, up to a header's worth.
            headerProblem = notYet.getMessage();
            if (start.length < MAX_HEADER_BYTES) return null;
            throw new IllegalArgumentException("no WAV header in the first " + start.length + " bytes (" + headerProblem + ")");
        }
    }
}
