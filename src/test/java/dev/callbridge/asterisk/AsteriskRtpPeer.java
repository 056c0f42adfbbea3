package dev.callbridge.asterisk;

import dev.callbridge.rtp.RtpCodec;
import dev.callbridge.rtp.RtpFormatException;
import dev.callbridge.rtp.RtpPacket;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Asterisk's end of an External Media channel, for tests: one UDP socket that sends PCMU
 * packets as chan_rtp would and records what callbridge sends back, with the source port.
 */
final class AsteriskRtpPeer implements AutoCloseable {
    static final String HOST = "127.0.0.1";

    record Received(RtpPacket packet, int fromPort) {}

    private final DatagramSocket socket;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final long ssrc = 0x7fba96c3L; // as captured from Asterisk 22
    private int sequence = 1000;
    private long timestamp = 160_000;

    private AsteriskRtpPeer(DatagramSocket socket) {
        this.socket = socket;
        socket.handler(p -> {
            byte[] bytes = p.data().getBytes();
            try {
                received.add(new Received(RtpCodec.parse(bytes), p.sender().port()));
            } catch (RtpFormatException e) {
                throw new AssertionError("callbridge sent malformed RTP: " + e.getMessage());
            }
        });
    }

    static AsteriskRtpPeer bind(Vertx vertx) {
        return new AsteriskRtpPeer(vertx.createDatagramSocket(new DatagramSocketOptions()).listen(0, HOST).await());
    }

    int port() {
        return socket.localAddress().port();
    }

    /** Sends the next 20 ms of μ-law, PT 0, to callbridge's RTP port. */
    void sendFrame(byte[] ulaw160, int toPort) {
        RtpPacket packet = new RtpPacket(sequence == 1000, 0, sequence++ & 0xFFFF, timestamp, ssrc, ulaw160);
        timestamp += 160;
        sendRaw(RtpCodec.encode(packet), toPort);
    }

    /** Sends 20 ms of 16 kHz linear audio (given little-endian, as our code holds it) as slin16: big-endian, PT 118. */
    void sendSlin16(byte[] littleEndian640, int toPort) {
        byte[] bigEndian = new byte[littleEndian640.length];
        for (int i = 0; i + 1 < bigEndian.length; i += 2) {
            bigEndian[i] = littleEndian640[i + 1];
            bigEndian[i + 1] = littleEndian640[i];
        }
        RtpPacket packet = new RtpPacket(sequence == 1000, 118, sequence++ & 0xFFFF, timestamp, ssrc, bigEndian);
        timestamp += 320;
        sendRaw(RtpCodec.encode(packet), toPort);
    }

    void sendRaw(byte[] datagram, int toPort) {
        socket.send(Buffer.buffer(datagram), toPort, HOST).await();
    }

    /** {@link #sendFrame} without waiting, for an event loop (the order of sends is kept). */
    void sendFrameNow(byte[] ulaw160, int toPort) {
        RtpPacket packet = new RtpPacket(sequence == 1000, 0, sequence++ & 0xFFFF, timestamp, ssrc, ulaw160);
        timestamp += 160;
        socket.send(Buffer.buffer(RtpCodec.encode(packet)), toPort, HOST);
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        socket.close().await();
    }

    /** A frame whose every byte is {@code fill}: easy to find again in the echo. */
    static byte[] frame(int fill) {
        byte[] b = new byte[160];
        java.util.Arrays.fill(b, (byte) fill);
        return b;
    }
}
