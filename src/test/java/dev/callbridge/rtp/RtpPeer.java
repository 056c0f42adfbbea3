package dev.callbridge.rtp;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The far end for session tests: a UDP socket on loopback that sends crafted datagrams (as
 * Asterisk would, or as a broken peer would) and records everything it receives, with the
 * arrival time and the sender's port.
 */
final class RtpPeer implements AutoCloseable {
    static final String HOST = "127.0.0.1";

    record Received(byte[] datagram, long nanos, int fromPort) {
        RtpPacket packet() {
            try {
                return RtpCodec.parse(datagram);
            } catch (RtpFormatException e) {
                throw new AssertionError("the session sent a datagram that is not RTP: " + e.getMessage(), e);
            }
        }
    }

    private final Vertx vertx;
    private final DatagramSocket socket;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private RtpPeer(Vertx vertx, DatagramSocket socket) {
        this.vertx = vertx;
        this.socket = socket;
        socket.handler(p -> received.add(new Received(p.data().getBytes(), System.nanoTime(), p.sender().port())));
    }

    static RtpPeer bind(Vertx vertx) {
        DatagramSocket socket = vertx.createDatagramSocket(new DatagramSocketOptions());
        return new RtpPeer(vertx, socket.listen(0, HOST).await());
    }

    int port() {
        return socket.localAddress().port();
    }

    List<Received> received() {
        return received;
    }

    List<RtpPacket> packets() {
        return received.stream().map(Received::packet).toList();
    }

    void send(byte[] datagram, int toPort) {
        socket.send(Buffer.buffer(datagram), toPort, HOST).await();
    }

    void send(RtpPacket packet, int toPort) {
        send(RtpCodec.encode(packet), toPort);
    }

    /**
     * Sends one slot's datagrams every 20 ms, each slot on a deadline from the start (not after
     * the previous one, so the stream does not drift). An empty slot sends nothing.
     */
    Future<Void> sendPaced(List<List<byte[]>> slots, int toPort) {
        Promise<Void> done = Promise.promise();
        long t0 = System.nanoTime();
        vertx.runOnContext(v -> sendFrom(slots, 0, t0, toPort, done));
        return done.future();
    }

    /** One datagram per slot. */
    static List<List<byte[]>> oneEach(List<byte[]> datagrams) {
        return datagrams.stream().map(List::of).toList();
    }

    private void sendFrom(List<List<byte[]>> slots, int i, long t0, int toPort, Promise<Void> done) {
        for (; i < slots.size() && System.nanoTime() >= t0 + i * 20_000_000L; i++) {
            for (byte[] d : slots.get(i)) socket.send(Buffer.buffer(d), toPort, HOST);
        }
        if (i == slots.size()) {
            done.complete();
            return;
        }
        int from = i;
        long delayMs = Math.max(1, (t0 + i * 20_000_000L - System.nanoTime() + 999_999) / 1_000_000);
        vertx.setTimer(delayMs, id -> sendFrom(slots, from, t0, toPort, done));
    }

    @Override
    public void close() {
        socket.close().await();
    }

    // ---- crafting ----

    /** A 20 ms μ-law frame of one repeated byte (not 0xFF, which is silence). */
    static byte[] ulaw(int fill) {
        if ((byte) fill == (byte) 0xFF) throw new IllegalArgumentException("0xFF is μ-law silence");
        byte[] frame = new byte[160];
        Arrays.fill(frame, (byte) fill);
        return frame;
    }

    /** PCMU packet {@code seq} of a stream starting at timestamp 8000 with SSRC 0x11223344. */
    static byte[] pcmu(int seq, int fill) {
        return RtpCodec.encode(new RtpPacket(false, 0, seq & 0xFFFF, (8000 + 160L * seq) & 0xFFFF_FFFFL, 0x11223344L, ulaw(fill)));
    }
}
