package dev.callbridge.rtp;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * {@link RtpMetrics} that keeps plain totals and a histogram of pacing deviation, for tests,
 * benchmarks and anyone who wants numbers without a metrics registry. Thread-safe, so one
 * instance can serve sessions on several event loops.
 */
public final class RtpCounters implements RtpMetrics {
    private static final long MAX_DEVIATION_MICROS = TimeUnit.MINUTES.toMicros(1);

    private final AtomicLong packetsIn = new AtomicLong();
    private final AtomicLong packetsOut = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong late = new AtomicLong();
    private final AtomicLong reordered = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong overflow = new AtomicLong();
    private final AtomicLong wrongSource = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong rtcp = new AtomicLong();
    private final AtomicLong ignoredPayloadType = new AtomicLong();
    private final AtomicLong dtmf = new AtomicLong();
    private final AtomicLong outboundDropped = new AtomicLong();
    private final ConcurrentHistogram pacing = new ConcurrentHistogram(MAX_DEVIATION_MICROS, 3);

    @Override public void packetIn() { packetsIn.incrementAndGet(); }
    @Override public void packetOut() { packetsOut.incrementAndGet(); }
    @Override public void lost(int frames) { lost.addAndGet(frames); }
    @Override public void late() { late.incrementAndGet(); }
    @Override public void reordered() { reordered.incrementAndGet(); }
    @Override public void duplicate() { duplicates.incrementAndGet(); }
    @Override public void overflow() { overflow.incrementAndGet(); }
    @Override public void wrongSource() { wrongSource.incrementAndGet(); }
    @Override public void malformed() { malformed.incrementAndGet(); }
    @Override public void rtcp() { rtcp.incrementAndGet(); }
    @Override public void ignoredPayloadType() { ignoredPayloadType.incrementAndGet(); }
    @Override public void dtmf() { dtmf.incrementAndGet(); }
    @Override public void outboundDropped() { outboundDropped.incrementAndGet(); }

    @Override
    public void pacingDeviation(long nanos) {
        pacing.recordValue(Math.min(Math.max(0, nanos / 1000), MAX_DEVIATION_MICROS));
    }

    /** The totals so far. Each is read separately, so a snapshot taken mid-traffic need not be consistent across fields. */
    public Snapshot snapshot() {
        return new Snapshot(packetsIn.get(), packetsOut.get(), lost.get(), late.get(), reordered.get(), duplicates.get(),
                overflow.get(), wrongSource.get(), malformed.get(), rtcp.get(), ignoredPayloadType.get(), dtmf.get(),
                outboundDropped.get());
    }

    public record Snapshot(long packetsIn, long packetsOut, long lost, long late, long reordered, long duplicates, long overflow,
                           long wrongSource, long malformed, long rtcp, long ignoredPayloadType, long dtmf, long outboundDropped) {}

    /** A snapshot of how late packets went out, in microseconds; {@code getValueAtPercentile(99)} is the p99. */
    public Histogram pacingDeviationMicros() {
        return pacing.copy();
    }

    @Override
    public String toString() {
        return snapshot() + " pacingP99=" + pacing.getValueAtPercentile(99) + "µs";
    }
}
