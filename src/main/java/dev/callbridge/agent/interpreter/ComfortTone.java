package dev.callbridge.agent.interpreter;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.audio.Pcm16;
import dev.callbridge.audio.Transcoder;

/**
 * The soft tone a listener hears while an interpretation is on its way, so a pause of a second or
 * two is not mistaken for a dropped line: 120 ms of 440 Hz at about -30 dBFS with 20 ms fades, far
 * below speech, so it never sounds like a word. Pure code.
 */
final class ComfortTone {
    static final int MILLIS = 120;
    private static final int RATE = 8000;
    private static final double AMPLITUDE = 0.03 * 32767;

    private ComfortTone() {}

    /** One tone in {@code format}. */
    static AudioChunk in(AudioFormat format) {
        int n = RATE * MILLIS / 1000;
        int fade = RATE * 20 / 1000;
        short[] samples = new short[n];
        for (int i = 0; i < n; i++) {
            double envelope = Math.min(1.0, Math.min(i, n - 1 - i) / (double) fade);
            samples[i] = (short) Math.round(AMPLITUDE * envelope * Math.sin(2 * Math.PI * 440 * i / RATE));
        }
        return new Transcoder(AudioFormat.L16_8K, format).convert(new AudioChunk(AudioFormat.L16_8K, Pcm16.fromShorts(samples)));
    }
}
