package dev.callbridge.recording;

import java.util.Arrays;

/**
 * Two channels of 16-bit samples on one timeline, addressed by absolute sample position. Audio
 * is put anywhere at or after the {@link #base()}; whatever no one put is silence. {@link #drain}
 * hands out the interleaved samples before a position and forgets them, so memory holds only
 * what is not yet written: the jitter allowance of the left channel and whatever the right
 * channel has been given ahead of time. Pure and single-threaded.
 */
final class StereoTimeline {
    static final int LEFT = 0;
    static final int RIGHT = 1;

    private final int maxSpan;
    /** Interleaved L,R samples for positions [base, base + buffer.length / 2). */
    private short[] buffer = new short[2 * 4096];
    private long base;
    private final long[] end = new long[2];

    /** @param maxSpan the most samples held ahead of {@link #base()}; more is refused */
    StereoTimeline(int maxSpan) {
        this.maxSpan = maxSpan;
    }

    /** The first position not yet drained; nothing can be put before it. */
    long base() {
        return base;
    }

    /** One past the last sample put on {@code channel} (and not cut), or the base if later. */
    long end(int channel) {
        return Math.max(end[channel], base);
    }

    /**
     * Puts {@code samples} on {@code channel} from position {@code at}, overwriting what was there.
     * The part before {@link #base()} is gone already and is skipped. Returns false, putting
     * nothing, if the end would be more than {@code maxSpan} past the base.
     */
    boolean put(int channel, short[] samples, long at) {
        long stop = at + samples.length;
        if (stop <= base) return true;
        if (stop - base > maxSpan) return false;
        ensureCapacity(stop);
        int skip = (int) Math.max(0, base - at);
        int index = (int) (2 * (at + skip - base)) + channel;
        for (int i = skip; i < samples.length; i++, index += 2) buffer[index] = samples[i];
        end[channel] = Math.max(end[channel], stop);
        return true;
    }

    /** Silences {@code channel} from {@code at} on: what was put there was never heard. */
    void cut(int channel, long at) {
        long from = Math.max(at, base);
        if (from >= end[channel]) return;
        for (int index = (int) (2 * (from - base)) + channel, stop = (int) (2 * (end[channel] - base)); index < stop; index += 2) {
            buffer[index] = 0;
        }
        end[channel] = from;
    }

    /**
     * Moves the samples of {@code channel} in [from, to) earlier by {@code shift}, leaving silence
     * behind them. Samples that would land before the base are dropped: that time is written.
     */
    void moveBack(int channel, long from, long to, long shift) {
        if (shift <= 0 || to <= from || from < base) return;
        long first = Math.max(from, base + shift); // the first sample whose destination is still held
        int src = (int) (2 * (first - base)) + channel;
        int dst = src - (int) (2 * shift);
        for (long n = to - first; n > 0; n--, src += 2, dst += 2) buffer[dst] = buffer[src];
        for (int index = (int) (2 * (Math.max(from, to - shift) - base)) + channel, stop = (int) (2 * (to - base)); index < stop; index += 2) {
            buffer[index] = 0;
        }
        if (end[channel] == to) end[channel] = Math.max(base, to - shift);
    }

    /** The interleaved samples of [base, upTo) as 16-bit little-endian bytes; the base moves to {@code upTo}. */
    byte[] drain(long upTo) {
        if (upTo <= base) return new byte[0];
        int frames = Math.toIntExact(upTo - base);
        byte[] out = new byte[frames * StereoWav.FRAME_BYTES];
        int held = buffer.length / 2;
        int copy = Math.min(frames, held);
        for (int i = 0, b = 0; i < 2 * copy; i++, b += 2) {
            out[b] = (byte) buffer[i];
            out[b + 1] = (byte) (buffer[i] >> 8);
        }
        // Shift what stays to the front and clear the rest: unput positions must read as silence.
        System.arraycopy(buffer, 2 * copy, buffer, 0, buffer.length - 2 * copy);
        Arrays.fill(buffer, buffer.length - 2 * copy, buffer.length, (short) 0);
        base = upTo;
        return out;
    }

    /** Drains everything put so far, on either channel. */
    byte[] drainAll() {
        return drain(Math.max(end(LEFT), end(RIGHT)));
    }

    private void ensureCapacity(long stop) {
        long needed = 2 * (stop - base);
        if (needed <= buffer.length) return;
        buffer = Arrays.copyOf(buffer, (int) Math.min(Math.max(needed, 2L * buffer.length), 2L * maxSpan));
    }
}
