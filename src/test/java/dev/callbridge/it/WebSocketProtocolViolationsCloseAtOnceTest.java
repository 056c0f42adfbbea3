package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.Deflater;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Frames that break RFC 6455 close every WebSocket the gateway accepts at once, with the RFC's
 * code: reserved bits 1002, invalid UTF-8 1007, a message or frame over the limit 1009; and the
 * TCP connection goes too. "At once" is well under the media socket's 5 s start timer, which
 * used to be what closed them (with 1000). Frames are built by hand on a raw socket.
 */
class WebSocketProtocolViolationsCloseAtOnceTest {
    private static final Duration AT_ONCE = Duration.ofMillis(1000);
    private static final byte[] NOT_UTF8 = {'{', '"', (byte) 0xc3, 0x28, '"', '}'};

    @TempDir
    static Path dir;
    static GatewayFixture gw;

    @BeforeAll
    static void start() {
        gw = new GatewayFixture(dir);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    /** Sends what {@code violate} sends, then expects a close frame with {@code code} within {@link #AT_ONCE}, and the end of the connection. */
    private static void assertClosedAtOnce(String path, int code, Violation violate) throws IOException {
        try (RawWebSocket ws = RawWebSocket.connect(gw.port(), path)) {
            long t0 = System.nanoTime();
            violate.send(ws);
            RawWebSocket.Frame close = ws.awaitClose(AT_ONCE);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(close.closeCode()).as("close code on %s (reason %s)", path, close.closeReason()).isEqualTo(code);
            assertThat(ms).as("ms to the close frame on %s", path).isLessThan(AT_ONCE.toMillis());
            assertThat(ws.awaitEndOfStream(Duration.ofSeconds(3))).as("TCP connection closed on %s", path).isTrue();
        }
    }

    private interface Violation {
        void send(RawWebSocket ws) throws IOException;
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ws/twilio-media", "/ws/events"})
    void invalidUtf8InATextFrameIs1007(String path) throws IOException {
        assertClosedAtOnce(path, 1007, ws -> ws.send(true, 0, RawWebSocket.TEXT, NOT_UTF8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ws/twilio-media", "/ws/events"})
    void invalidUtf8SplitOverFragmentsIs1007(String path) throws IOException {
        assertClosedAtOnce(path, 1007, ws -> {
            ws.send(false, 0, RawWebSocket.TEXT, new byte[] {'{', '"', (byte) 0xe2, (byte) 0x82}); // a euro sign, cut short…
            ws.send(true, 0, RawWebSocket.CONTINUATION, new byte[] {'x', '"', '}'}); // …and never finished
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ws/twilio-media", "/ws/events"})
    void aTextMessageEndingMidCharacterIs1007(String path) throws IOException {
        assertClosedAtOnce(path, 1007, ws -> ws.send(true, 0, RawWebSocket.TEXT, new byte[] {'"', (byte) 0xf0, (byte) 0x9f}));
    }

    @ParameterizedTest
    @ValueSource(ints = {RawWebSocket.RSV1, RawWebSocket.RSV2, RawWebSocket.RSV3})
    void reservedBitsWithoutAnExtensionAre1002OnTheMediaSocket(int rsv) throws IOException {
        assertClosedAtOnce("/ws/twilio-media", 1002, ws -> ws.send(true, rsv, RawWebSocket.TEXT, "{}".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void reservedBitsWithoutAnExtensionAre1002OnTheEventsSocket() throws IOException {
        assertClosedAtOnce("/ws/events", 1002, ws -> ws.send(true, RawWebSocket.RSV1, RawWebSocket.TEXT, "{}".getBytes(StandardCharsets.US_ASCII)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ws/twilio-media", "/ws/events"})
    void fragmentsAddingUpToOver64KiBAre1009(String path) throws IOException {
        byte[] chunk = new byte[20 * 1024];
        Arrays.fill(chunk, (byte) 'x');
        assertClosedAtOnce(path, 1009, ws -> {
            ws.send(false, 0, RawWebSocket.TEXT, chunk);
            for (int i = 0; i < 4; i++) ws.send(false, 0, RawWebSocket.CONTINUATION, chunk);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ws/twilio-media", "/ws/events"})
    void aFrameAnnouncingTwoMebibytesIs1009FromItsHeader(String path) throws IOException {
        // Only the header and a little payload are sent: the refusal must not wait for the rest.
        assertClosedAtOnce(path, 1009, ws -> ws.writeRaw(Arrays.copyOf(RawWebSocket.frame(0x81, new byte[2 << 20], new byte[4]), 4096)));
    }

    @Test
    void anUnknownOpcodeIs1002() throws IOException {
        assertClosedAtOnce("/ws/twilio-media", 1002, ws -> ws.send(true, 0, 0x3, new byte[] {1}));
    }

    @Test
    void aStartedCallEndsSayingWhyAndTheViolationIsCounted() throws IOException {
        Calls.StreamAnswer answer = Calls.answered(gw, "CA00000000000000000000000000000077");
        String callId = answer.callId();
        double before = Calls.metric(gw, "callbridge_media_protocol_errors_total", "kind=\"invalid_utf8\"");
        try (RawWebSocket ws = RawWebSocket.connect(gw.port(), "/ws/twilio-media")) {
            ws.sendText(start(answer));
            Calls.awaitStatus(gw, callId, "in-progress");
            ws.send(true, 0, RawWebSocket.TEXT, NOT_UTF8);
            assertThat(ws.awaitClose(AT_ONCE).closeCode()).isEqualTo(1007);
        }
        var call = Calls.awaitStatus(gw, callId, "failed");
        assertThat(call.path("endReason").asText()).isEqualTo("media-protocol-error: text message is not valid UTF-8");
        assertThat(Calls.metric(gw, "callbridge_media_protocol_errors_total", "kind=\"invalid_utf8\"")).isEqualTo(before + 1);
    }

    /** No false alarm: UTF-8 split between fragments, and RSV1 on a message compressed with the negotiated permessage-deflate. */
    @Test
    void wellFormedFramesStillWork() throws IOException {
        Calls.StreamAnswer answer = Calls.answered(gw, "CA00000000000000000000000000000078");
        String callId = answer.callId();
        try (RawWebSocket ws = RawWebSocket.connect(gw.port(), "/ws/twilio-media",
                Map.of("Sec-WebSocket-Extensions", "permessage-deflate; client_no_context_takeover"))) {
            assertThat(ws.handshake.toLowerCase()).contains("permessage-deflate");
            byte[] connected = "{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\",\"note\":\"caf\u00e9 \u20ac\"}"
                    .getBytes(StandardCharsets.UTF_8);
            int cut = connected.length - 4; // inside the euro sign
            ws.send(false, 0, RawWebSocket.TEXT, Arrays.copyOf(connected, cut));
            ws.send(true, 0, RawWebSocket.CONTINUATION, Arrays.copyOfRange(connected, cut, connected.length));
            ws.send(true, RawWebSocket.RSV1, RawWebSocket.TEXT, deflate(start(answer).getBytes(StandardCharsets.UTF_8)));
            Calls.awaitStatus(gw, callId, "in-progress");
            assertThat(ws.awaitEndOfStream(Duration.ofMillis(300))).isFalse();
        }
        await().until(() -> !gw.get("/api/calls/" + callId).json().path("status").asText().equals("in-progress"));
    }

    private static String start(Calls.StreamAnswer answer) {
        return RawTwilioStream.startMessage("MZ00000000000000000000000000000077", "CA00000000000000000000000000000077", answer.parameters());
    }

    /** A permessage-deflate payload (RFC 7692 §7.2.1): raw deflate, sync-flushed, its trailing 00 00 ff ff removed. */
    private static byte[] deflate(byte[] message) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(message);
        byte[] out = new byte[message.length + 64];
        int n = deflater.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
        deflater.end();
        return Arrays.copyOf(out, n - 4);
    }
}
