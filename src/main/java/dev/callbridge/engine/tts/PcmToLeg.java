package dev.callbridge.engine.tts;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.audio.Framer;
import dev.callbridge.audio.Transcoder;
import java.util.List;
import java.util.Optional;

/**
 * Turns a stream of raw PCM in pieces of any size (an HTTP body cut wherever the network cut it)
 * into the leg's format in whole 20 ms frames: it keeps an odd trailing byte for the next piece,
 * converts through a {@link Transcoder} (resampler state included), and frames through a
 * {@link Framer}. One per synthesis; not thread-safe.
 */
final class PcmToLeg {
    private final Transcoder transcoder;
    private final Framer framer;
    private int heldByte = -1;

    PcmToLeg(AudioFormat pcm, AudioFormat leg) {
        this.transcoder = new Transcoder(pcm, leg);
        this.framer = new Framer(leg);
    }

    /** The frames this piece completes, oldest first; possibly none. */
    List<AudioChunk> push(byte[] piece) {
        if (piece.length == 0) return List.of();
        int held = heldByte < 0 ? 0 : 1;
        int usable = (held + piece.length) & ~1;
        byte[] even = new byte[usable];
        if (usable > 0) {
            if (held == 1) even[0] = (byte) heldByte;
            System.arraycopy(piece, 0, even, held, usable - held);
        }
        heldByte = (held + piece.length) % 2 == 1 ? piece[piece.length - 1] & 0xFF : -1;
        return even.length == 0 ? List.of() : framer.push(transcoder.convert(even));
    }

    /** The last partial frame padded with silence; a lone byte left over is half a sample and is dropped. */
    Optional<AudioChunk> flush() {
        heldByte = -1;
        return framer.flush();
    }
}
