package dev.callbridge.engine.stt;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.audio.Encoding;
import dev.callbridge.audio.G711;
import dev.callbridge.audio.Pcm16;

/** Test audio: a 440 Hz tone, as 16-bit PCM or G.711. */
final class Tones {
    private Tones() {}

    static byte[] pcm16(int sampleRate, int millis) {
        short[] s = new short[sampleRate * millis / 1000];
        for (int i = 0; i < s.length; i++) s[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / sampleRate));
        return Pcm16.fromShorts(s);
    }

    static AudioChunk tone(AudioFormat format, int millis) {
        byte[] pcm = pcm16(format.sampleRate(), millis);
        return new AudioChunk(format, format.encoding() == Encoding.PCMU ? G711.pcm16ToUlaw(pcm)
                : format.encoding() == Encoding.PCMA ? G711.pcm16ToAlaw(pcm) : pcm);
    }
}
