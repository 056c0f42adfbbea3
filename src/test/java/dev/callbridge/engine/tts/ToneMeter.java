package dev.callbridge.engine.tts;

import dev.callbridge.audio.AudioFormat;
import dev.callbridge.audio.Encoding;
import dev.callbridge.audio.G711;
import dev.callbridge.audio.Pcm16;

/** Measures a tone's frequency in received audio by counting zero crossings, skipping the edges (filter delay, padding). */
final class ToneMeter {
    private ToneMeter() {}

    static double hz(AudioFormat format, byte[] audio) {
        byte[] pcm = format.encoding() == Encoding.PCMU ? G711.ulawToPcm16(audio) : audio;
        short[] s = Pcm16.toShorts(pcm);
        int skip = format.sampleRate() / 20; // 50 ms each end
        int crossings = 0;
        for (int i = skip + 1; i < s.length - skip; i++) {
            if ((s[i - 1] < 0) != (s[i] < 0)) crossings++;
        }
        double seconds = (double) (s.length - 2 * skip - 1) / format.sampleRate();
        return crossings / 2.0 / seconds;
    }
}
