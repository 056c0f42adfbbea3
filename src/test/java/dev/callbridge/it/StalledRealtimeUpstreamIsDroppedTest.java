package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An OpenAI Realtime endpoint that accepts the session and then never reads costs the gateway a
 * bounded amount: once what waits unsent is over its bound, the session is dropped (counted as
 * upstream failure {@code send_backlog}) and its TCP connection closed, instead of the caller's
 * audio queueing for ever.
 */
class StalledRealtimeUpstreamIsDroppedTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // before the bound, writes ended up blocking
    void aRealtimeSocketThatStopsReadingIsDroppedAndCounted() throws Exception {
        try (RawRealtimeUpstream upstream = new RawRealtimeUpstream(0);
             GatewayFixture gw = new GatewayFixture(dir, "AGENT", "realtime", "OPENAI_API_KEY", "sk-test", "OPENAI_REALTIME_URL", upstream.url())) {
            Calls.StreamAnswer answer = Calls.answered(gw, "CA000000000000000000000000000000cc");
            String callId = answer.callId();
            try (RawWebSocket caller = RawWebSocket.connect(gw.port(), "/ws/twilio-media")) {
                caller.sendText(start(answer));
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
                // The dropped socket really went: its TCP connection is closed at the gateway's end.
                await().atMost(Duration.ofSeconds(5)).until(() -> upstream.connections.stream().anyMatch(RawRealtimeUpstream::closedByPeer));
            }
            upstream.close(); // later sessions would each wait out a closing handshake at shutdown
        }
    }

    /** {@code start} as Twilio sends it for this answer, on the stream {@link #burst} talks on. */
    static String start(Calls.StreamAnswer answer) {
        return RawTwilioStream.startMessage("MZ000000000000000000000000000000cc", "CA000000000000000000000000000000cc", answer.parameters());
    }

    /** 100 media messages of 20 ms, as one write. */
    static byte[] burst() {
        byte[] frame = RawWebSocket.textFrame("{\"event\":\"media\",\"media\":{\"payload\":\""
                + Base64.getEncoder().encodeToString(new byte[160]) + "\"},\"streamSid\":\"MZ000000000000000000000000000000cc\"}");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < 100; i++) out.writeBytes(frame);
        return out.toByteArray();
    }
}
