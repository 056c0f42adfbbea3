package dev.callbridge.metrics;

import dev.callbridge.rtp.RtpMetrics;
import dev.callbridge.twilio.MediaStreamMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * RTP's numbers for {@code /metrics}: packets, and what the jitter buffer and the source check
 * did with them, and how closely the 20 ms clock kept time. Audio packets also count as the
 * front door's media frames, so {@code /stats} adds them up with Twilio's. Counters are
 * resolved once: every packet only increments an adder.
 */
final class RtpMeters implements RtpMetrics {
    private final MediaStreamMetrics frames;
    private final Counter in;
    private final Counter out;
    private final Counter lost;
    private final Counter late;
    private final Counter reordered;
    private final Counter duplicates;
    private final Counter overflow;
    private final Counter wrongSource;
    private final Counter malformed;
    private final Counter rtcp;
    private final Counter ignored;
    private final Counter dtmf;
    private final Counter outboundDropped;
    private final Timer pacing;

    RtpMeters(MeterRegistry registry, MediaStreamMetrics frames) {
        this.frames = frames;
        this.in = packets(registry, "in", "RTP packets received from Asterisk");
        this.out = packets(registry, "out", "RTP packets sent to Asterisk");
        this.lost = problem(registry, "lost", "frames concealed because their packet never came in time");
        this.late = problem(registry, "late", "packets that arrived after their turn to play");
        this.reordered = problem(registry, "reordered", "packets that arrived out of order and were put back");
        this.duplicates = problem(registry, "duplicate", "duplicate packets dropped");
        this.overflow = problem(registry, "overflow", "packets dropped because the jitter buffer was full");
        this.wrongSource = problem(registry, "wrong_source", "datagrams from an address other than the call's Asterisk");
        this.malformed = problem(registry, "malformed", "datagrams that are not usable RTP");
        this.rtcp = problem(registry, "rtcp", "RTCP packets on the RTP port, ignored");
        this.ignored = problem(registry, "ignored_payload_type", "packets of a payload type we do not play");
        this.dtmf = Counter.builder("callbridge.rtp.dtmf").description("RFC 4733 key presses received").register(registry);
        this.outboundDropped = problem(registry, "outbound_dropped", "audio dropped because the send queue was full");
        this.pacing = Timer.builder("callbridge.rtp.pacing.deviation")
                .description("How late each packet left relative to its slot on the 20 ms clock")
                // Buckets fine enough to read a p99 off /metrics (0.25 ms to 50 ms).
                .serviceLevelObjectives(Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2),
                        Duration.ofMillis(3), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(50))
                .register(registry);
    }

    private static Counter packets(MeterRegistry registry, String direction, String description) {
        return Counter.builder("callbridge.rtp.packets").tag("direction", direction).description(description).register(registry);
    }

    private static Counter problem(MeterRegistry registry, String kind, String description) {
        return Counter.builder("callbridge.rtp.problems").tag("kind", kind).description(description).register(registry);
    }

    public void packetIn() {
        in.increment();
        frames.frameIn();
    }

    public void packetOut() {
        out.increment();
        frames.frameOut();
    }

    public void lost(int n) { lost.increment(n); }
    public void late() { late.increment(); }
    public void reordered() { reordered.increment(); }
    public void duplicate() { duplicates.increment(); }
    public void overflow() { overflow.increment(); }
    public void wrongSource() { wrongSource.increment(); }
    public void malformed() { malformed.increment(); }
    public void rtcp() { rtcp.increment(); }
    public void ignoredPayloadType() { ignored.increment(); }
    public void dtmf() { dtmf.increment(); }
    public void outboundDropped() { outboundDropped.increment(); }
    public void pacingDeviation(long nanos) { pacing.record(nanos, TimeUnit.NANOSECONDS); }
}
