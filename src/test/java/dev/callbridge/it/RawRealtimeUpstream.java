package dev.callbridge.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OpenAI Realtime endpoint that misbehaves at the socket level: it answers each upgrade and
 * sends {@code session.created} (after {@code createdAfterMs}), then never reads. A raw
 * {@link ServerSocket} with a tiny receive buffer, so the gateway's writes back up quickly.
 */
final class RawRealtimeUpstream implements AutoCloseable {
    private static final Pattern KEY = Pattern.compile("(?i)Sec-WebSocket-Key: *(\\S+)");

    private final ServerSocket server;
    private final long createdAfterMs;
    /** Every accepted connection, in order. */
    final List<Socket> connections = new CopyOnWriteArrayList<>();

    RawRealtimeUpstream(long createdAfterMs) throws IOException {
        this.createdAfterMs = createdAfterMs;
        server = new ServerSocket();
        server.setReceiveBufferSize(4096);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread.ofVirtual().start(this::acceptAll);
    }

    String url() {
        return "ws://127.0.0.1:" + server.getLocalPort() + "/v1/realtime";
    }

    private void acceptAll() {
        while (!server.isClosed()) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                return;
            }
            connections.add(s);
            Thread.ofVirtual().start(() -> answer(s));
        }
    }

    private void answer(Socket s) {
        try {
            InputStream in = s.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) return;
                head.write(b);
            }
            Matcher m = KEY.matcher(head.toString(StandardCharsets.ISO_8859_1));
            if (!m.find()) return;
            String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((m.group(1) + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.ISO_8859_1)));
            s.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            Thread.sleep(createdAfterMs);
            byte[] created = "{\"type\":\"session.created\",\"event_id\":\"ev_1\",\"session\":{\"id\":\"sess_1\",\"model\":\"gpt-realtime\"}}"
                    .getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            frame.write(0x81);
            frame.write(created.length); // under 126 bytes
            frame.writeBytes(created);
            s.getOutputStream().write(frame.toByteArray());
        } catch (IOException | NoSuchAlgorithmException | InterruptedException e) {
            // the gateway went away: nothing to answer
        }
    }

    /** True once the gateway has closed this connection: what it had sent is read, then the end of the stream. */
    static boolean closedByPeer(Socket s) {
        try {
            s.setSoTimeout(200);
            byte[] buf = new byte[64 * 1024];
            while (true) {
                if (s.getInputStream().read(buf) < 0) return true;
            }
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    /** Closes the listener and every connection (so the gateway need not wait out closing handshakes). */
    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : connections) s.close();
    }
}
