package dev.callbridge.it;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * A WebSocket client made by hand over a plain {@link Socket}: it writes exactly the frames a
 * test builds (reserved bits, bad UTF-8, any fragmentation), and reads only when told to. A
 * Vert.x client would validate its own frames and keep reading; this one can be a peer that
 * never reads at all.
 */
public final class RawWebSocket implements AutoCloseable {
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CONTINUATION = 0x0;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    /** RSV1, RSV2, RSV3 as they sit in the first byte of a frame. */
    public static final int RSV1 = 0x40, RSV2 = 0x20, RSV3 = 0x10;

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private final byte[] mask = {0x37, (byte) 0xfa, 0x21, 0x3d};
    /** The server's answer to the upgrade: status line and headers. */
    public final String handshake;

    private RawWebSocket(Socket socket, String handshake, InputStream in) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(in);
        this.handshake = handshake;
    }

    /** Connects and upgrades {@code path}; fails unless the server answers 101. */
    public static RawWebSocket connect(int port, String path) throws IOException {
        return connect(port, path, Map.of());
    }

    public static RawWebSocket connect(int port, String path, Map<String, String> headers) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(10_000);
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.US_ASCII)) + "\r\n");
        headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
        socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) throw new EOFException("connection closed during the upgrade: " + head);
            head.write(b);
        }
        String text = head.toString(StandardCharsets.US_ASCII);
        if (!text.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("upgrade refused: " + text);
        }
        return new RawWebSocket(socket, text, in);
    }

    /** One masked frame: {@code firstByte} is FIN, RSV and opcode together. */
    public static byte[] frame(int firstByte, byte[] payload, byte[] mask) {
        int n = payload.length;
        int header = 2 + (n < 126 ? 0 : n < 65536 ? 2 : 8) + 4;
        byte[] f = new byte[header + n];
        f[0] = (byte) firstByte;
        int i = 2;
        if (n < 126) {
            f[1] = (byte) (0x80 | n);
        } else if (n < 65536) {
            f[1] = (byte) (0x80 | 126);
            f[i++] = (byte) (n >>> 8);
            f[i++] = (byte) n;
        } else {
            f[1] = (byte) (0x80 | 127);
            for (int s = 56; s >= 0; s -= 8) f[i++] = (byte) (n >>> s);
        }
        System.arraycopy(mask, 0, f, i, 4);
        i += 4;
        for (int k = 0; k < n; k++) f[i + k] = (byte) (payload[k] ^ mask[k & 3]);
        return f;
    }

    public static byte[] textFrame(String text) {
        return frame(0x80 | TEXT, text.getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3, 4});
    }

    /** Sends one frame: FIN when {@code fin}, the given RSV bits, opcode and payload. */
    public void send(boolean fin, int rsv, int opcode, byte[] payload) throws IOException {
        writeRaw(frame((fin ? 0x80 : 0) | rsv | opcode, payload, mask));
    }

    public void sendText(String text) throws IOException {
        send(true, 0, TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes bytes as they are: whole prebuilt frames, or anything else. */
    public void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** A frame the server sent. {@code payload} is unmasked (servers do not mask). */
    public record Frame(int opcode, boolean fin, byte[] payload) {
        /** The status code of a close frame; 1005 (none given) for an empty one. */
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }

        public String closeReason() {
            return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
        }

        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /** Reads the next frame, or null once the server has closed the connection; waits at most {@code limit}. */
    public Frame read(Duration limit) throws IOException {
        socket.setSoTimeout((int) Math.max(1, limit.toMillis()));
        try {
            int b0 = in.read();
            if (b0 < 0) return null;
            int b1 = in.readUnsignedByte();
            long n = b1 & 0x7f;
            if (n == 126) n = in.readUnsignedShort();
            else if (n == 127) n = in.readLong();
            if ((b1 & 0x80) != 0) in.readInt(); // servers do not mask, but skip a mask if one came
            byte[] payload = new byte[(int) n];
            in.readFully(payload);
            return new Frame(b0 & 0x0f, (b0 & 0x80) != 0, payload);
        } catch (EOFException e) {
            return null;
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException("no frame from the server within " + limit);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("reset")) return null;
            throw e;
        }
    }

    /** Reads until the server's close frame (skipping data frames) and returns it; fails if none comes within {@code limit}. */
    public Frame awaitClose(Duration limit) throws IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) throw new SocketTimeoutException("no close frame within " + limit);
            Frame f = read(Duration.ofMillis(left));
            if (f == null) throw new EOFException("the server closed the connection without a close frame");
            if (f.opcode() == CLOSE) return f;
        }
    }

    /** True once the server has closed the TCP connection (reads end), waiting at most {@code limit}. */
    public boolean awaitEndOfStream(Duration limit) throws IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (read(Duration.ofMillis(Math.max(1, (deadline - System.nanoTime()) / 1_000_000))) == null) return true;
            } catch (SocketTimeoutException e) {
                return false;
            }
        }
        return false;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a test socket
        }
    }
}
