package dev.callbridge.metrics;

import dev.callbridge.call.CallRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The last hour of the gateway's vital signs, one point every {@link #EVERY}, for the dashboard's
 * charts: active calls, the agents' answer latency, and media frames received and lost in the
 * interval. Sampled on a timer; read by the API. A bounded ring: the oldest point goes as a new one
 * comes. Thread-safe (sampling and reading may be on different event loops).
 */
public final class SystemHistory {
    public static final Duration EVERY = Duration.ofSeconds(10);
    public static final int POINTS = 360;

    /**
     * @param responseMsP50 the agents' answer latency p50 over Micrometer's sliding window (about a minute), or null with none in it
     * @param framesIn      frames received from phone parties in this interval
     * @param framesLost    RTP packets found missing in this interval
     */
    public record Point(Instant at, int activeCalls, int maxConcurrentCalls, Double responseMsP50, long framesIn, long framesLost) {}

    private final CallRegistry registry;
    private final GatewayMetrics metrics;
    private final Clock clock;
    private final ArrayDeque<Point> points = new ArrayDeque<>(POINTS);
    private long lastFramesIn;
    private long lastFramesLost;

    public SystemHistory(CallRegistry registry, GatewayMetrics metrics, Clock clock) {
        this.registry = registry;
        this.metrics = metrics;
        this.clock = clock;
        this.lastFramesIn = metrics.framesIn();
        this.lastFramesLost = metrics.framesLost();
    }

    /** Takes one point now. */
    public synchronized void sample() {
        long in = metrics.framesIn();
        long lost = metrics.framesLost();
        if (points.size() == POINTS) points.removeFirst();
        points.addLast(new Point(clock.instant(), registry.activeCalls(), registry.maxConcurrentCalls(),
                metrics.responseLatencyP50Millis(), in - lastFramesIn, lost - lastFramesLost));
        lastFramesIn = in;
        lastFramesLost = lost;
    }

    /** The points, oldest first. */
    public synchronized List<Point> points() {
        return List.copyOf(points);
    }
}
