package dev.callbridge.engine.tts;

import dev.callbridge.audio.AudioFormat;
import dev.callbridge.audio.Encoding;
import dev.callbridge.audio.G711;
import dev.callbridge.audio.Pcm16;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rough checks that audio is speech rather than noise, silence or a tone, in 20 ms frames: its
 * level, the share of frames that are voiced (periodic at a human pitch, found by
 * autocorrelation), that pitch, and how many syllable-like bursts of energy it has.
 */
final class SpeechMeter {
    static final int FRAME_MILLIS = 20;
    private final short[] samples;
    private final int rate;

    SpeechMeter(AudioFormat format, byte[] audio) {
        this.samples = Pcm16.toShorts(format.encoding() == Encoding.PCMU ? G711.ulawToPcm16(audio) : audio);
        this.rate = format.sampleRate();
    }

    /** RMS of the whole, in dB below full scale. */
    double levelDb() {
        return db(rms(0, samples.length));
    }

    /** Each 20 ms frame's RMS in dBFS. */
    double[] envelopeDb() {
        int n = rate * FRAME_MILLIS / 1000;
        double[] out = new double[samples.length / n];
        for (int f = 0; f < out.length; f++) out[f] = db(rms(f * n, (f + 1) * n));
        return out;
    }

    /**
     * Bursts of energy: rises to within 12 dB of the loudest frame, each after a dip of at least
     * 6 dB below the burst's peak. Speech has about one per syllable; a tone or noise has one.
     */
    int bursts() {
        double[] env = envelopeDb();
        double loudest = Arrays.stream(env).max().orElse(-120);
        int count = 0;
        boolean inBurst = false;
        double peak = -120, valley = 0;
        for (double level : env) {
            if (inBurst) {
                peak = Math.max(peak, level);
                if (level < peak - 6) {
                    inBurst = false;
                    valley = level;
                }
            } else {
                valley = Math.min(valley, level);
                if (level >= loudest - 12 && level >= valley + 6) {
                    inBurst = true;
                    peak = level;
                    count++;
                }
            }
        }
        return count;
    }

    /** The pitch of every loud (within 25 dB of the loudest) 40 ms window that is clearly periodic between 60 and 400 Hz. */
    List<Double> voicedPitches() {
        int window = rate * 40 / 1000;
        int hop = rate * FRAME_MILLIS / 1000;
        double[] env = envelopeDb();
        double loudest = Arrays.stream(env).max().orElse(-120);
        List<Double> pitches = new ArrayList<>();
        for (int start = 0; start + window <= samples.length; start += hop) {
            if (db(rms(start, start + window)) < loudest - 25) continue;
            double best = 0;
            int bestLag = 0;
            for (int lag = rate / 400; lag <= rate / 60; lag++) {
                double xy = 0, xx = 0, yy = 0;
                for (int i = start; i + lag < start + window; i++) {
                    xy += (double) samples[i] * samples[i + lag];
                    xx += (double) samples[i] * samples[i];
                    yy += (double) samples[i + lag] * samples[i + lag];
                }
                double r = xy / Math.sqrt(xx * yy + 1e-9);
                if (r > best) {
                    best = r;
                    bestLag = lag;
                }
            }
            if (best >= 0.7) pitches.add((double) rate / bestLag);
        }
        return pitches;
    }

    /** Loud 40 ms windows, as {@link #voicedPitches} counts them. */
    int loudWindows() {
        int window = rate * 40 / 1000;
        int hop = rate * FRAME_MILLIS / 1000;
        double loudest = Arrays.stream(envelopeDb()).max().orElse(-120);
        int count = 0;
        for (int start = 0; start + window <= samples.length; start += hop) if (db(rms(start, start + window)) >= loudest - 25) count++;
        return count;
    }

    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
    }

    private double rms(int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) sum += (double) samples[i] * samples[i];
        return Math.sqrt(sum / Math.max(1, to - from));
    }

    private static double db(double rms) {
        return 20 * Math.log10(Math.max(rms, 1e-3) / 32768);
    }
}
