package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connections a client opens and leaves are closed: ones that never send a byte or sit idle
 * after a request ({@code HTTP_IDLE_TIMEOUT_SECONDS}), and ones whose request headers trickle in
 * too slowly to ever finish ({@code HTTP_HEADER_TIMEOUT_SECONDS}), which are answered 408 first.
 */
class IdleAndHalfSentConnectionsAreClosedTest {
    private static final int IDLE = 200;
    private static final int HALF_SENT = 100;

    @TempDir
    Path dir;
    private final List<SocketChannel> sockets = new ArrayList<>();

    @AfterEach
    void closeSockets() throws IOException {
        for (SocketChannel s : sockets) s.close();
    }

    @Test
    void idleConnectionsAreClosedAfterTheIdleTimeout() throws Exception {
        try (GatewayFixture gw = new GatewayFixture(dir, "HTTP_IDLE_TIMEOUT_SECONDS", "2", "HTTP_HEADER_TIMEOUT_SECONDS", "30")) {
            for (int i = 0; i < IDLE; i++) sockets.add(open(gw.port()));
            // One more that is used once and then left idle between requests (keep-alive).
            SocketChannel used = open(gw.port());
            write(used, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
            sockets.add(used);
            long started = System.nanoTime();
            awaitAllClosed(Duration.ofSeconds(2 + 4), "idle");
            System.out.printf("idle: %d connections closed %d ms after opening (HTTP_IDLE_TIMEOUT_SECONDS=2)%n",
                    sockets.size(), (System.nanoTime() - started) / 1_000_000);
            assertThat(gw.get("/health").status()).isEqualTo(200);
        }
    }

    @Test
    void connectionsWhoseHeadersNeverFinishAreClosedAfterTheHeaderTimeout() throws Exception {
        // The idle timeout is long, and each connection sends a header byte every 300 ms: only the header timeout can end them.
        try (GatewayFixture gw = new GatewayFixture(dir, "HTTP_IDLE_TIMEOUT_SECONDS", "60", "HTTP_HEADER_TIMEOUT_SECONDS", "1")) {
            for (int i = 0; i < HALF_SENT; i++) {
                SocketChannel s = open(gw.port());
                write(s, "GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ");
                sockets.add(s);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(1 + 4).toNanos();
            while (System.nanoTime() < deadline && openCount() > 0) {
                for (SocketChannel s : sockets) trickle(s);
                Thread.sleep(300); // the trickle's pace is the point of this test
            }
            assertThat(openCount()).as("of %d connections with half-sent headers, still open after 5 s", HALF_SENT).isZero();
        }
    }

    @Test
    void aHalfSentHeadIsAnswered408InTheErrorShape() throws Exception {
        try (GatewayFixture gw = new GatewayFixture(dir, "HTTP_HEADER_TIMEOUT_SECONDS", "1")) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", gw.port())) {
                s.setSoTimeout(5000);
                s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
                RawHttp.Reply reply = RawHttp.read(s.getInputStream());
                assertThat(reply.status()).as("%s", reply).isEqualTo(408);
                assertThat(reply.hasErrorShape()).as("%s", reply).isTrue();
                assertThat(RawHttp.closedAfter(s.getInputStream())).as("closed after the 408").isTrue();
            }
        }
    }

    private void awaitAllClosed(Duration limit, String kind) {
        await().atMost(limit).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(openCount()).as("of %d %s connections, still open", sockets.size(), kind).isZero());
    }

    private static SocketChannel open(int port) throws IOException {
        SocketChannel s = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
        s.configureBlocking(false);
        return s;
    }

    private static void write(SocketChannel s, String text) throws IOException {
        s.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
    }

    private static void trickle(SocketChannel s) {
        try {
            write(s, "a");
        } catch (IOException closed) {
            // closed by the server: what the test waits for
        }
    }

    /** Connections the server has not closed: a read finds neither end-of-stream nor a reset. */
    private int openCount() {
        int open = 0;
        ByteBuffer buf = ByteBuffer.allocate(4096);
        for (SocketChannel s : sockets) {
            try {
                int n;
                do {
                    buf.clear();
                    n = s.read(buf);
                } while (n > 0);
                if (n == 0) open++;
            } catch (IOException reset) {
                // closed
            }
        }
        return open;
    }
}
