package dev.callbridge.audio;

/** Test signals and their measurement: sines in, amplitude at a frequency out. */
final class Tones {
    private Tones() {}

    /** {@code count} samples of a sine, PCM16 little-endian. */
    static byte[] sine(int rate, double frequency, double amplitude, int count) {
        short[] s = new short[count];
        for (int n = 0; n < count; n++) s[n] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * frequency * n / rate));
        return Pcm16.fromShorts(s);
    }

    /**
     * Amplitude of the component at {@code frequency} in samples[from, to): the Hann-windowed
     * DTFT at exactly that frequency, so a pure tone reads its amplitude and other components
     * more than a few dozen Hz away leak in far below -100 dB.
     */
    static double amplitudeAt(short[] samples, int from, int to, int rate, double frequency) {
        double re = 0, im = 0, windowSum = 0;
        int n = to - from;
        double w0 = 2 * Math.PI * frequency / rate;
        for (int i = 0; i < n; i++) {
            double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (n - 1));
            windowSum += w;
            re += w * samples[from + i] * Math.cos(w0 * (from + i));
            im -= w * samples[from + i] * Math.sin(w0 * (from + i));
        }
        return 2 * Math.hypot(re, im) / windowSum;
    }

    static double rms(short[] samples, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) sum += (double) samples[i] * samples[i];
        return Math.sqrt(sum / (to - from));
    }

    static double db(double ratio) {
        return 20 * Math.log10(ratio);
    }
}
