package dev.callbridge.audio;

import java.util.Arrays;
import java.util.Set;

/**
 * Converts PCM16 little-endian between 8, 16, 22.05 and 24 kHz, for one stream. 22.05 kHz is
 * what espeak-ng speaks; the others are the legs' and the engines' rates.
 *
 * <p>A polyphase FIR (see {@link PolyphaseFilter}): low-pass with 3.4 kHz passing and 4.4 kHz
 * rejected by ≥ 60 dB when the lower rate is 8 kHz (scaled with the lower rate otherwise). It
 * band-limits before decimating and removes images after interpolating.
 *
 * <p>Stateful: it keeps the last input samples and its position on the output grid, so a stream
 * fed in chunks of any size yields exactly the samples it would yield in one piece (delayed by the
 * filter's constant half-length, under 2 ms). Output per call is {@code in·to/from} samples, exact
 * whenever that is an integer and exact on average otherwise. Create one per direction per call;
 * not thread-safe (a call's callbacks run serially on one context).
 */
public final class Resampler {
    private static final Set<Integer> RATES = Set.of(8000, 16000, 22050, 24000);

    private final int fromRate;
    private final int toRate;
    private final PolyphaseFilter filter;
    /** The last {@code taps-1} input samples of earlier calls, then the current input. */
    private int[] window;
    /** Where the next output sits on the up-sampled grid, counted from the current input's first sample. */
    private long nextPosition;

    private Resampler(int fromRate, int toRate) {
        this.fromRate = fromRate;
        this.toRate = toRate;
        this.filter = fromRate == toRate ? null : PolyphaseFilter.forRates(fromRate, toRate);
        this.window = new int[filter == null ? 0 : filter.taps() - 1 + 480];
    }

    /** A resampler for one stream; {@code fromRate == toRate} gives a pass-through. */
    public static Resampler create(int fromRate, int toRate) {
        if (!RATES.contains(fromRate) || !RATES.contains(toRate)) {
            throw new IllegalArgumentException("resampling supports 8000, 16000, 22050 and 24000 Hz, not " + fromRate + " → " + toRate);
        }
        return new Resampler(fromRate, toRate);
    }

    public int fromRate() {
        return fromRate;
    }

    public int toRate() {
        return toRate;
    }

    /** Resamples the next piece of the stream; returns a new array (or {@code pcm16le} itself when the rates are equal). */
    public byte[] process(byte[] pcm16le) {
        Pcm16.requireEven(pcm16le);
        if (filter == null) return pcm16le;
        int count = pcm16le.length / 2;
        int history = filter.taps() - 1;
        if (window.length < history + count) window = Arrays.copyOf(window, history + count);
        int[] w = window;
        for (int i = 0, b = 0; i < count; i++, b += 2) {
            w[history + i] = (short) ((pcm16le[b] & 0xFF) | (pcm16le[b + 1] << 8));
        }

        int up = filter.up();
        int down = filter.down();
        long end = (long) count * up;
        int outputs = nextPosition >= end ? 0 : (int) ((end - nextPosition + down - 1) / down);
        byte[] out = new byte[outputs * 2];
        int taps = filter.taps();
        int shift = filter.shift();
        int rounding = 1 << (shift - 1);
        int[] c = filter.coefficients();
        // Output at up-sampled position t reads window[t/up .. t/up + taps) with phase t mod up;
        // both advance by counting, since a division per output costs as much as a short filter.
        int i = (int) (nextPosition / up);
        int phase = (int) (nextPosition - (long) i * up);
        for (int o = 0; o < outputs * 2; o += 2) {
            int offset = phase * taps;
            int acc = rounding;
            for (int k = 0; k < taps; k++) acc += c[offset + k] * w[i + k];
            int sample = acc >> shift;
            if (sample > Short.MAX_VALUE) sample = Short.MAX_VALUE;
            else if (sample < Short.MIN_VALUE) sample = Short.MIN_VALUE;
            out[o] = (byte) sample;
            out[o + 1] = (byte) (sample >> 8);
            phase += down;
            while (phase >= up) {
                phase -= up;
                i++;
            }
        }
        nextPosition = (long) i * up + phase - end;
        System.arraycopy(w, count, w, 0, history); // keep the tail as the next call's history
        return out;
    }
}
