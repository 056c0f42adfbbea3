package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The idle timeout is for HTTP requests. A WebSocket that is quiet but alive (a {@code /ws/events}
 * subscriber in a quiet hour) stays open well past it: the server pings it, and its client answers.
 * A WebSocket whose peer answers nothing at all is gone, and is closed.
 */
class IdleTimeoutSparesLiveWebSocketsTest {
    @TempDir
    Path dir;

    @Test
    void aQuietEventsSubscriberOutlivesTheIdleTimeoutAndStillGetsEvents() throws Exception {
        try (GatewayFixture gw = new GatewayFixture(dir, "HTTP_IDLE_TIMEOUT_SECONDS", "1")) {
            WebSocketClient client = gw.vertx.createWebSocketClient();
            WebSocket ws = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(gw.port()).setURI("/ws/events"))
                    .await();
            List<String> events = new CopyOnWriteArrayList<>();
            AtomicBoolean closed = new AtomicBoolean();
            ws.textMessageHandler(events::add);
            ws.closeHandler(v -> closed.set(true));

            Thread.sleep(4_000); // four idle timeouts of silence: what is asserted is that nothing happens
            assertThat(closed).as("subscriber closed during a quiet spell").isFalse();

            gw.postForm("/twilio/voice", "CallSid=CA" + "1".repeat(32) + "&From=%2B15551230000&To=%2B15559870000", Map.of());
            await().atMost(Duration.ofSeconds(5)).until(() -> events.stream().anyMatch(e -> e.contains("call.created")));
            client.close().await();
        }
    }

    @Test
    void aWebSocketPeerThatAnswersNothingIsClosed() throws Exception {
        try (GatewayFixture gw = new GatewayFixture(dir, "HTTP_IDLE_TIMEOUT_SECONDS", "1");
             Socket s = new Socket("127.0.0.1", gw.port())) {
            s.getOutputStream().write(("GET /ws/events HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            s.setSoTimeout(6_000);
            InputStream in = s.getInputStream();
            String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(head).isEqualTo("HTTP/1.1 101");
            // Read (and ignore) whatever comes, the ping included, never answering: the server must close.
            long started = System.nanoTime();
            while (in.read() >= 0) {
                // draining
            }
            long ms = (System.nanoTime() - started) / 1_000_000;
            assertThat(ms).as("closed after %d ms", ms).isBetween(1_000L, 5_000L);
        }
    }
}
