package dev.callbridge.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.call.CallEvent;
import dev.callbridge.call.CallEventBus;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The limits of {@link EventsSocket} that the gateway's defaults make slow to reach, on a real
 * HTTP server with small ones: a subscriber whose socket takes nothing for {@code maxStall} is
 * dropped (and reset) although it is far from the byte bound, and subscribers over
 * {@code maxSubscribers} are refused with a 503.
 */
class EventsSubscriberLimitsTest {
    private static final EventsSocket.Limits LIMITS = new EventsSocket.Limits(1 << 20, Duration.ofMillis(500), Duration.ofMillis(200), 3);

    private final Vertx vertx = Vertx.vertx();
    private final CallEventBus bus = new CallEventBus();
    private final Map<String, Integer> counted = new ConcurrentHashMap<>();
    private HttpServer server;

    @BeforeEach
    void start() {
        EventsSocket events = new EventsSocket(vertx, new ApiAuth(null), bus, LIMITS, new EventsSocket.Metrics() {
            public void subscriberDropped(EventsSocket.DropReason reason) { counted.merge(reason.label(), 1, Integer::sum); }
            public void subscriberRefused(String reason) { counted.merge("refused " + reason, 1, Integer::sum); }
        });
        Router router = Router.router(vertx);
        router.get("/ws/events").handler(events::handle);
        router.route().failureHandler(rc -> Json.error(rc, (ApiError) rc.failure()));
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    }

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    @Test
    void aSubscriberWhoseSocketTakesNothingForMaxStallIsDroppedAndReset() throws IOException {
        try (Socket stalled = upgrade()) {
            // About 600 KB of events: enough to fill the socket's buffers, well under the 1 Mi character bound.
            vertx.getOrCreateContext().runOnContext(v -> {
                for (int i = 0; i < 7_000; i++) bus.publish(new CallEvent.Dtmf("c_1", "5", Instant.now()));
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> counted.containsKey("stalled"));
            assertThat(counted).doesNotContainKey("behind");
            assertThat(drainsToEnd(stalled)).as("the connection is gone once the grace is over").isTrue();
        }
    }

    @Test
    void subscribersOverTheLimitAreRefusedWith503() throws IOException {
        try (Socket a = upgrade(); Socket b = upgrade(); Socket c = upgrade(); Socket refused = connect()) {
            assertThat(handshake(refused)).startsWith("HTTP/1.1 503");
            assertThat(counted).containsEntry("refused limit", 1);
        }
    }

    private Socket upgrade() throws IOException {
        Socket s = connect();
        assertThat(handshake(s)).startsWith("HTTP/1.1 101");
        return s;
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new InetSocketAddress("127.0.0.1", server.actualPort()), 2000);
        s.setSoTimeout(5000);
        return s;
    }

    private String handshake(Socket s) throws IOException {
        s.getOutputStream().write(("GET /ws/events HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        for (int b; (b = in.read()) >= 0; ) {
            head.write(b);
            if (head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) break;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static boolean drainsToEnd(Socket s) throws IOException {
        s.setSoTimeout(3000);
        byte[] buf = new byte[64 * 1024];
        try {
            while (s.getInputStream().read(buf) >= 0) { /* discard */ }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
