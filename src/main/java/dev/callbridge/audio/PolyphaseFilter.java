package dev.callbridge.audio;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fixed-point coefficient table for resampling between two rates by the rational factor
 * {@code up/down}: a Kaiser-windowed-sinc low-pass designed at the intermediate rate
 * {@code fromRate·up}, split into {@code up} phases of {@link #taps} coefficients each.
 * Tables are immutable and shared by every {@link Resampler} of the same rate pair.
 */
record PolyphaseFilter(int up, int down, int taps, int shift, int[] coefficients) {
    // Band edges as fractions of the lower rate: 3.4 kHz passes and 4.4 kHz is rejected for 8 kHz.
    static final double PASS_EDGE = 0.425;
    static final double STOP_EDGE = 0.55;
    static final double STOPBAND_DB = 60;

    private static final Map<Long, PolyphaseFilter> CACHE = new ConcurrentHashMap<>();

    static PolyphaseFilter forRates(int fromRate, int toRate) {
        return CACHE.computeIfAbsent(((long) fromRate << 32) | toRate, key -> design(fromRate, toRate));
    }

    /** Coefficients of phase {@code p} start here; stored reversed so they line up with ascending input. */
    int offset(int phase) {
        return phase * taps;
    }

    private static PolyphaseFilter design(int fromRate, int toRate) {
        int gcd = gcd(fromRate, toRate);
        int up = toRate / gcd;
        int down = fromRate / gcd;
        double rate = (double) fromRate * up;
        double lowRate = Math.min(fromRate, toRate);
        double pass = PASS_EDGE * lowRate / rate;
        double stop = STOP_EDGE * lowRate / rate;
        // Kaiser's formulas: length from attenuation and transition width, beta from attenuation.
        double beta = 0.1102 * (STOPBAND_DB - 8.7);
        int length = (int) Math.ceil((STOPBAND_DB - 7.95) / (2.285 * 2 * Math.PI * (stop - pass))) + 1;
        int taps = (length + up - 1) / up;
        double[] h = windowedSinc(taps * up, (pass + stop) / 2, beta);

        double[][] phases = new double[up][taps];
        for (int p = 0; p < up; p++) {
            double sum = 0;
            for (int k = 0; k < taps; k++) sum += h[p + k * up];
            // Unity DC gain on every phase; otherwise DC would leak as an image at the input rate.
            for (int k = 0; k < taps; k++) phases[p][taps - 1 - k] = h[p + k * up] / sum;
        }
        return quantize(up, down, taps, phases);
    }

    /** Low-pass of {@code n} taps, cutoff in cycles per sample, Kaiser window. */
    private static double[] windowedSinc(int n, double cutoff, double beta) {
        double[] h = new double[n];
        double centre = (n - 1) / 2.0;
        double i0Beta = besselI0(beta);
        for (int i = 0; i < n; i++) {
            double t = i - centre;
            double sinc = t == 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * t) / (Math.PI * t);
            double r = t / centre;
            h[i] = sinc * besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / i0Beta;
        }
        return h;
    }

    private static double besselI0(double x) {
        double sum = 1, term = 1, q = x * x / 4;
        for (int k = 1; term > 1e-12 * sum; k++) {
            term *= q / ((double) k * k);
            sum += term;
        }
        return sum;
    }

    /**
     * Rounds to integers scaled by 2^shift, with shift (at most 15) as large as keeps the worst
     * case (every sample at -32768 against its coefficient's sign) inside an int accumulator.
     */
    private static PolyphaseFilter quantize(int up, int down, int taps, double[][] phases) {
        for (int shift = 15; shift > 0; shift--) {
            int[] coefficients = new int[up * taps];
            long worst = 0;
            for (int p = 0; p < up; p++) {
                int sum = 0, largest = p * taps;
                for (int k = p * taps; k < (p + 1) * taps; k++) {
                    coefficients[k] = (int) Math.round(phases[p][k - p * taps] * (1 << shift));
                    sum += coefficients[k];
                    if (Math.abs(coefficients[k]) > Math.abs(coefficients[largest])) largest = k;
                }
                coefficients[largest] += (1 << shift) - sum; // exact unity DC gain after rounding
                long absSum = 0;
                for (int k = p * taps; k < (p + 1) * taps; k++) absSum += Math.abs(coefficients[k]);
                worst = Math.max(worst, absSum * 32768 + (1 << (shift - 1)));
            }
            if (worst <= Integer.MAX_VALUE) return new PolyphaseFilter(up, down, taps, shift, coefficients);
        }
        throw new IllegalStateException("filter gain too large for 32-bit accumulation");
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
