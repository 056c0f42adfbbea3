package dev.callbridge.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A {@code /ws/events} client on a plain TCP socket: it does the WebSocket handshake by hand and
 * then reads only when told to, with a small receive buffer, as a stalled dashboard would.
 */
final class RawEventsSubscriber implements AutoCloseable {
    final Socket socket = new Socket();
    final String handshakeStatus;

    RawEventsSubscriber(int port, String uri) throws IOException {
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        socket.setSoTimeout(5000);
        socket.getOutputStream().write(("GET " + uri + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        handshakeStatus = readHead(socket.getInputStream());
    }

    /** The status line of the response; reads the head byte by byte so no event is consumed with it. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) break;
            head.write(b);
            byte[] h = head.toByteArray();
            int n = h.length;
            if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') break;
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        return text.lines().findFirst().orElse("");
    }

    /** Bytes as they are, after the handshake: frames or garbage. */
    void send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /** Reads (and discards) up to {@code bytes} of what has come, as a client that reads a little and then stops. */
    void read(int bytes) throws IOException {
        socket.setSoTimeout(100);
        byte[] buf = new byte[64 * 1024];
        int left = bytes;
        try {
            while (left > 0) {
                int n = socket.getInputStream().read(buf, 0, Math.min(left, buf.length));
                if (n < 0) return;
                left -= n;
            }
        } catch (SocketTimeoutException nothingMoreYet) {
            // as much as there was
        }
    }

    /** Whether the server's end is gone: reads (and discards) all there is until EOF or a reset, or gives up after {@code idleMs} of silence. */
    boolean drainsToEnd(int idleMs) throws IOException {
        socket.setSoTimeout(idleMs);
        byte[] buf = new byte[64 * 1024];
        try {
            while (socket.getInputStream().read(buf) >= 0) { /* discard */ }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
