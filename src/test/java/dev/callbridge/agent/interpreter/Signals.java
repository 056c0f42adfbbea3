package dev.callbridge.agent.interpreter;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.audio.G711;
import dev.callbridge.audio.Pcm16;

/** Test signals for the mixer: tones in any format, and what a frame contains. */
final class Signals {
    private Signals() {}

    /** {@code millis} of a sine at {@code hz} with peak {@code amplitude}, starting at sample {@code from} of the tone, in {@code format}. */
    static AudioChunk tone(AudioFormat format, int hz, int amplitude, int from, int millis) {
        int n = format.sampleRate() * millis / 1000;
        short[] samples = new short[n];
        for (int i = 0; i < n; i++) {
            samples[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * (from + i) / format.sampleRate()));
        }
        return encode(format, samples);
    }

    static AudioChunk encode(AudioFormat format, short[] samples) {
        byte[] pcm = Pcm16.fromShorts(samples);
        byte[] data = switch (format.encoding()) {
            case PCMU -> G711.pcm16ToUlaw(pcm);
            case PCMA -> G711.pcm16ToAlaw(pcm);
            case L16 -> pcm;
        };
        return new AudioChunk(format, data);
    }

    static short[] samples(AudioChunk chunk) {
        byte[] pcm = switch (chunk.format().encoding()) {
            case PCMU -> G711.ulawToPcm16(chunk.data());
            case PCMA -> G711.alawToPcm16(chunk.data());
            case L16 -> chunk.data();
        };
        return Pcm16.toShorts(pcm);
    }

    /** The peak amplitude of the {@code hz} component of {@code samples} (Goertzel; exact for whole periods). */
    static double amplitudeAt(short[] samples, int hz, int sampleRate) {
        double coefficient = 2 * Math.cos(2 * Math.PI * hz / sampleRate);
        double s1 = 0, s2 = 0;
        for (short sample : samples) {
            double s0 = sample + coefficient * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        double power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
        return 2 * Math.sqrt(Math.max(0, power)) / samples.length;
    }

    static double decibels(double ratio) {
        return 20 * Math.log10(ratio);
    }
}
