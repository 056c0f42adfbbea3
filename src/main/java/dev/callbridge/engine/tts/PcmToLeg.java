package dev.callbridge.engine.tts;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.audio.Framer;
import dev.callbridge.audio.Transcoder;
import java.util.List;
import java.util.Optional;

/**
 * Turns a stream of raw samples in pieces of any size (an HTTP body cut wherever the network cut
 * it, a vendor's messages cut wherever it chose) into the leg's format in whole 20 ms frames: it
 * keeps a trailing partial sample for the next piece, converts through a {@link Transcoder}
 * (resampler state included; a pass-through when the vendor already speaks the leg's format), and
 * frames through a {@link Framer}. "PCM" in G.711's sense: linear 16-bit or μ-law/A-law, whose
 * samples are one byte and never split. One per synthesis; not thread-safe.
 */
final class PcmToLeg {
    private final Transcoder transcoder;
    private final Framer framer;
    private final byte[] partial;
    private int partialLength;

    PcmToLeg(AudioFormat pcm, AudioFormat leg) {
        this.transcoder = new Transcoder(pcm, leg);
        this.framer = new Framer(leg);
        this.partial = new byte[pcm.encoding().bytesPerSample()];
    }

    /** The frames this piece completes, oldest first; possibly none. */
    List<AudioChunk> push(byte[] piece) {
        if (piece.length == 0) return List.of();
        int total = partialLength + piece.length;
        int usable = total - total % partial.length;
        if (usable == 0) {
            System.arraycopy(piece, 0, partial, partialLength, piece.length);
            partialLength = total;
            return List.of();
        }
        byte[] whole = new byte[usable];
        System.arraycopy(partial, 0, whole, 0, partialLength);
        int fromPiece = usable - partialLength;
        System.arraycopy(piece, 0, whole, partialLength, fromPiece);
        partialLength = piece.length - fromPiece;
        System.arraycopy(piece, fromPiece, partial, 0, partialLength);
        return framer.push(transcoder.convert(whole));
    }

    /** The last partial frame padded with silence; a partial sample left over is dropped. */
    Optional<AudioChunk> flush() {
        partialLength = 0;
        return framer.flush();
    }
}
