package dev.callbridge.asterisk;

import dev.callbridge.rtp.RtpCodec;
import dev.callbridge.rtp.RtpFormatException;
import dev.callbridge.rtp.RtpPacket;
import dev.callbridge.sim.ProbePayload;
import dev.callbridge.sim.ServerStats;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.http.HttpClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * The RTP echo benchmark (scripts/bench-rtp): Asterisk's side of N concurrent calls against a
 * gateway running in its own process with {@code ARI_URL} at this process's {@link FakeAri}.
 * Each call's External Media peer sends a probe-stamped 20 ms μ-law frame every 20 ms; the echo
 * agent sends it back. Reported: lost frames, round trip, the gateway's pacing (p99 lateness of
 * its packets against the 20 ms grid, from its own /metrics, and the arrival jitter seen here),
 * and the gateway's CPU per echoed frame (from its /stats).
 *
 * <p>Usage: {@code RtpEchoBenchmark <url-file> <gateway-url> <calls> <seconds> <warm-up seconds>}; the
 * fake ARI's URL is written to {@code url-file} for the gateway's ARI_URL, then it waits for the
 * gateway. The warm-up runs the same traffic first (JIT), and is not measured.
 */
public final class RtpEchoBenchmark {
    private static final long FRAME_NANOS = 20_000_000L;

    /** One call: Asterisk's RTP socket for it, and what came back. */
    private static final class Peer {
        final int index;
        final DatagramSocket socket;
        int gatewayPort;
        int sequence;
        long lastArrival;
        final long[] sentAt;

        Peer(int index, DatagramSocket socket, int frames) {
            this.index = index;
            this.socket = socket;
            this.sentAt = new long[frames];
        }
    }

    public static void main(String[] args) throws Exception {
        Path urlFile = Path.of(args[0]);
        URI gateway = URI.create(args[1]);
        int calls = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        int warmupFrames = Integer.parseInt(args[4]) * 50;
        int frames = warmupFrames + seconds * 50;

        Vertx vertx = Vertx.vertx();
        FakeAri ari = FakeAri.start(vertx, "bench", "bench");
        Files.writeString(urlFile, ari.url().toString());
        System.err.println("rtp-bench: fake ARI at " + ari.url() + "; waiting for the gateway");
        while (!ari.eventSocketConnected()) Thread.sleep(100);

        ConcurrentHistogram rtt = new ConcurrentHistogram(3);
        ConcurrentHistogram arrivalJitter = new ConcurrentHistogram(3);
        LongAdder received = new LongAdder();
        LongAdder unexpected = new LongAdder();
        boolean[] measuring = new boolean[1]; // written by the sender thread once, read on the loops: a stale read costs one sample
        List<Peer> peers = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            DatagramSocket socket = vertx.createDatagramSocket(new DatagramSocketOptions()).listen(0, "127.0.0.1").await();
            Peer peer = new Peer(i, socket, frames);
            socket.handler(p -> {
                long now = System.nanoTime();
                try {
                    byte[] payload = RtpCodec.parse(p.data().getBytes()).payload();
                    if (peer.lastArrival != 0 && measuring[0]) arrivalJitter.recordValue(Math.abs(now - peer.lastArrival - FRAME_NANOS) / 1000);
                    peer.lastArrival = now;
                    if (!ProbePayload.isProbe(payload) || ProbePayload.callIndex(payload) != peer.index) return; // comfort silence
                    int seq = ProbePayload.sequence(payload);
                    if (seq < 0 || seq >= frames) {
                        unexpected.increment();
                        return;
                    }
                    if (seq < warmupFrames) return;
                    rtt.recordValue((now - peer.sentAt[seq]) / 1000);
                    received.increment();
                } catch (RtpFormatException e) {
                    unexpected.increment();
                }
            });
            peers.add(peer);
            ari.rtpAt("127.0.0.1", socket.localAddress().port());
            String caller = ari.incomingCall("+1555" + String.format("%07d", i), "100");
            while (ari.bridges().stream().noneMatch(b -> b.channels().contains(caller))) Thread.sleep(5);
            peer.gatewayPort = ari.lastExternalMediaPort();
        }
        System.err.printf("rtp-bench: %d calls up; sending %d s of audio each%n", calls, seconds);

        HttpClient http = vertx.createHttpClient();
        ServerStats before = null;
        java.util.TreeMap<Double, Long> pacingBefore = new java.util.TreeMap<>();
        long t0 = System.nanoTime();
        // One tick sends every call's frame for that slot, at t0 + n·20 ms.
        for (int n = 0; n < frames; n++) {
            long due = t0 + n * FRAME_NANOS;
            if (n == warmupFrames) {
                Thread.sleep(200); // the warm-up's last echoes
                before = ServerStats.fetch(http, gateway).await();
                pacingBefore = pacingBuckets(metrics(http, gateway));
                measuring[0] = true;
                t0 = System.nanoTime() - n * FRAME_NANOS;
                due = t0 + n * FRAME_NANOS;
            }
            long wait = due - System.nanoTime();
            if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            for (Peer peer : peers) {
                byte[] frame = ProbePayload.newFrame(peer.index * 100_003L + n);
                ProbePayload.stamp(frame, peer.index, n);
                byte[] datagram = RtpCodec.encode(new RtpPacket(n == 0, 0, n & 0xFFFF, 160L * n, 0x1000 + peer.index, frame));
                peer.sentAt[n] = System.nanoTime();
                peer.socket.send(Buffer.buffer(datagram), peer.gatewayPort, "127.0.0.1");
            }
        }
        Thread.sleep(1000); // the last echoes: jitter buffer and pacer
        ServerStats after = ServerStats.fetch(http, gateway).await();
        String metrics = metrics(http, gateway);

        long sent = (long) calls * (frames - warmupFrames);
        long echoed = received.sum();
        double cpuMicros = (after.cpuNanos().orElse(0) - before.cpuNanos().orElse(0)) / 1000.0 / Math.max(1, echoed);
        String pacingP99 = p99Bucket(pacingBefore, pacingBuckets(metrics));
        System.out.printf(Locale.ROOT, "calls %d × %d s: sent %d, echoed %d, lost %d, unexpected %d%n", calls, seconds, sent, echoed,
                sent - echoed, unexpected.sum());
        System.out.printf(Locale.ROOT, "round trip p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", rtt.getValueAtPercentile(50) / 1000.0,
                rtt.getValueAtPercentile(99) / 1000.0, rtt.getMaxValue() / 1000.0);
        System.out.printf(Locale.ROOT, "gateway pacing lateness p99 %s (its /metrics); arrival jitter here p50 %.2f ms, p99 %.2f ms%n",
                pacingP99, arrivalJitter.getValueAtPercentile(50) / 1000.0, arrivalJitter.getValueAtPercentile(99) / 1000.0);
        System.out.printf(Locale.ROOT, "gateway CPU per echoed frame %.1f µs; RSS %d MB%n", cpuMicros,
                after.rssBytes().orElse(0) / 1_000_000);
        System.out.printf(Locale.ROOT, "JSON {\"calls\":%d,\"seconds\":%d,\"sent\":%d,\"lost\":%d,\"rttP50Ms\":%.2f,\"rttP99Ms\":%.2f,"
                        + "\"pacingP99\":\"%s\",\"arrivalJitterP99Ms\":%.2f,\"cpuMicrosPerFrame\":%.2f}%n", calls, seconds, sent, sent - echoed,
                rtt.getValueAtPercentile(50) / 1000.0, rtt.getValueAtPercentile(99) / 1000.0, pacingP99,
                arrivalJitter.getValueAtPercentile(99) / 1000.0, cpuMicros);
        vertx.close().await();
        System.exit(0);
    }

    private static String metrics(HttpClient http, URI gateway) {
        return http.request(io.vertx.core.http.HttpMethod.GET, gateway.getPort(), gateway.getHost(), "/metrics")
                .compose(req -> req.send().compose(resp -> resp.body())).await().toString();
    }

    /** The gateway's pacing histogram: bucket upper bound (s) → cumulative count. */
    private static java.util.TreeMap<Double, Long> pacingBuckets(String metrics) {
        java.util.TreeMap<Double, Long> buckets = new java.util.TreeMap<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "callbridge_rtp_pacing_deviation_seconds_bucket\\{le=\"([^\"]+)\"} (\\S+)").matcher(metrics);
        while (m.find()) {
            buckets.put(m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1)), (long) Double.parseDouble(m.group(2)));
        }
        return buckets;
    }

    /** The smallest bucket holding 99 % of the packets sent between the two readings: "p99 ≤ that". */
    private static String p99Bucket(java.util.TreeMap<Double, Long> before, java.util.TreeMap<Double, Long> after) {
        long total = after.getOrDefault(Double.POSITIVE_INFINITY, 0L) - before.getOrDefault(Double.POSITIVE_INFINITY, 0L);
        if (total <= 0) return "n/a";
        for (var e : after.entrySet()) {
            long count = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            if (count >= Math.ceil(total * 0.99)) {
                return e.getKey().isInfinite() ? "> 50 ms" : String.format(Locale.ROOT, "≤ %.2f ms", e.getKey() * 1000);
            }
        }
        return "n/a";
    }
}
