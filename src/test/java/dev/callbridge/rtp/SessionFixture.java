package dev.callbridge.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A real {@link RtpSession} on loopback with a recording listener and any number of
 * {@link RtpPeer}s. Ports come from a random high range so parallel runs rarely collide, and a
 * collision only costs a bind retry.
 */
final class SessionFixture implements AutoCloseable {
    /** Jitter settings that absorb a loaded CI machine's scheduling noise; for tests not about timing. */
    static final RtpSettings ROOMY = RtpSettings.DEFAULTS.withJitter(4, 10, 5);

    final Vertx vertx = Vertx.vertx();
    final RtpPortPool ports;
    final RtpCounters counters = new RtpCounters();
    final List<byte[]> frames = new CopyOnWriteArrayList<>();
    final List<Character> digits = new CopyOnWriteArrayList<>();
    final RtpSession session;
    private final List<RtpPeer> peers = new ArrayList<>();

    SessionFixture(RtpFormat format, RtpSettings settings) {
        this.ports = randomPool(8);
        this.session = RtpSession.open(vertx, ports, RtpPeer.HOST, format, counters, settings).await();
        session.listen(new RtpSession.Listener() {
            public void onAudio(byte[] frame) {
                frames.add(frame);
            }

            public void onDtmf(char digit) {
                digits.add(digit);
            }
        });
    }

    /**
     * A pool of {@code ports} even ports that are free right now, below Linux's ephemeral range
     * (32768+), where other sockets of this machine would otherwise land on them.
     */
    static RtpPortPool randomPool(int ports) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = 20_000 + 2 * ThreadLocalRandom.current().nextInt(6_000 - ports);
            boolean free = true;
            for (int p = base; p < base + 2 * ports && free; p += 2) free = isFree(p);
            if (free) return new RtpPortPool(base, base + 2 * ports - 1);
        }
        throw new IllegalStateException("no free run of " + ports + " even UDP ports found");
    }

    private static boolean isFree(int port) {
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket(port, java.net.InetAddress.getByName(RtpPeer.HOST))) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    RtpPeer peer() {
        RtpPeer peer = RtpPeer.bind(vertx);
        peers.add(peer);
        return peer;
    }

    int port() {
        return session.localPort();
    }

    /** The fill byte of each μ-law frame heard so far; -1 for silence. */
    List<Integer> heardIds() {
        return frames.stream().map(f -> {
            assertThat(f).hasSize(160);
            return f[0] == (byte) 0xFF ? -1 : (int) f[0];
        }).toList();
    }

    /** What was heard with silence removed. */
    List<Integer> heardAudio() {
        return heardIds().stream().filter(id -> id != -1).toList();
    }

    @Override
    public void close() {
        session.close().await();
        peers.forEach(RtpPeer::close);
        vertx.close().await();
    }
}
