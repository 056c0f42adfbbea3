package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An OpenAI Realtime endpoint that accepts the session and then never reads costs the gateway a
 * bounded amount: once what waits unsent is over its bound, the session is dropped (counted as
 * upstream failure {@code send_backlog}) instead of queueing the caller's audio for ever. The
 * stalled upstream is a raw socket that answers the upgrade and {@code session.created}, then
 * reads nothing.
 */
class StalledRealtimeUpstreamIsDroppedTest {
    private static final Pattern KEY = Pattern.compile("(?i)Sec-WebSocket-Key: *(\\S+)");

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // before the bound, writes ended up blocking
    void aRealtimeSocketThatStopsReadingIsDroppedAndCounted() throws Exception {
        List<Socket> upstreams = new CopyOnWriteArrayList<>();
        try (ServerSocket stalled = new ServerSocket()) {
            stalled.setReceiveBufferSize(4096);
            stalled.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread.ofVirtual().start(() -> acceptAndStall(stalled, upstreams));
            try (GatewayFixture gw = new GatewayFixture(dir, "AGENT", "realtime", "OPENAI_API_KEY", "sk-test",
                    "OPENAI_REALTIME_URL", "ws://127.0.0.1:" + stalled.getLocalPort() + "/v1/realtime")) {
                String callId = Calls.inbound(gw, "CA000000000000000000000000000000cc");
                try (RawWebSocket caller = RawWebSocket.connect(gw.port(), "/ws/twilio-media")) {
                    caller.sendText("{\"event\":\"start\",\"start\":{\"streamSid\":\"MZ000000000000000000000000000000cc\",\"callSid\":"
                            + "\"CA000000000000000000000000000000cc\",\"tracks\":[\"inbound\"],\"customParameters\":{\"callId\":\"" + callId
                            + "\"},\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,\"channels\":1}},"
                            + "\"streamSid\":\"MZ000000000000000000000000000000cc\"}");
                    Calls.awaitStatus(gw, callId, "in-progress");
                    byte[] burst = burst();
                    // The caller talks far faster than real time until the gateway gives up on the upstream, or
                    // 40 MB have gone (about 10 MB of it sent up: well past the kernel's buffers and the bound).
                    for (long written = 0; written < (40 << 20)
                            && Calls.metric(gw, "callbridge_agent_upstream_failures_total", "kind=\"send_backlog\"") == 0; ) {
                        for (int i = 0; i < 20; i++) caller.writeRaw(burst);
                        written += 20L * burst.length;
                    }
                    assertThat(Calls.metric(gw, "callbridge_agent_upstream_failures_total", "kind=\"send_backlog\""))
                            .as("sessions dropped for not reading").isGreaterThanOrEqualTo(1);
                    // The dropped socket really went: its TCP connection is closed at our end.
                    await().atMost(Duration.ofSeconds(5)).until(() -> upstreams.stream().anyMatch(StalledRealtimeUpstreamIsDroppedTest::closedByPeer));
                }
                for (Socket s : upstreams) s.close(); // the later sessions would each wait out a closing handshake at shutdown
            }
        } finally {
            for (Socket s : upstreams) s.close();
        }
    }

    /** 100 media messages of 20 ms, as one write. */
    private static byte[] burst() {
        byte[] frame = RawWebSocket.textFrame("{\"event\":\"media\",\"media\":{\"payload\":\""
                + Base64.getEncoder().encodeToString(new byte[160]) + "\"},\"streamSid\":\"MZ000000000000000000000000000000cc\"}");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < 100; i++) out.writeBytes(frame);
        return out.toByteArray();
    }

    /** Answers each upgrade and sends session.created, then never reads again. */
    private static void acceptAndStall(ServerSocket server, List<Socket> upstreams) {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                upstreams.add(s);
                InputStream in = s.getInputStream();
                ByteArrayOutputStream head = new ByteArrayOutputStream();
                while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    int b = in.read();
                    if (b < 0) break;
                    head.write(b);
                }
                Matcher m = KEY.matcher(head.toString(StandardCharsets.ISO_8859_1));
                if (!m.find()) continue;
                String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                        .digest((m.group(1) + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.ISO_8859_1)));
                byte[] created = "{\"type\":\"session.created\",\"event_id\":\"ev_1\",\"session\":{\"id\":\"sess_1\",\"model\":\"gpt-realtime\"}}"
                        .getBytes(StandardCharsets.UTF_8);
                ByteArrayOutputStream reply = new ByteArrayOutputStream();
                reply.writeBytes(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
                        + accept + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                reply.write(0x81);
                reply.write(created.length); // under 126 bytes
                reply.writeBytes(created);
                s.getOutputStream().write(reply.toByteArray());
            } catch (IOException | java.security.NoSuchAlgorithmException e) {
                return;
            }
        }
    }

    /** True once the gateway has closed this connection: what it had sent is read, then the end of the stream. */
    private static boolean closedByPeer(Socket s) {
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
}
