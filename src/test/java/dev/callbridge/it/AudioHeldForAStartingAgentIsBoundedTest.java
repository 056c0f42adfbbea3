package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Audio that arrives before the agent is ready is held, but not without limit: a caller
 * flooding 10,000 frames a second while the Realtime session is still being set up (here it
 * takes 2 s) has what is held capped at 10 s of audio, and the call's record gets one
 * {@code held-for-agent-overflow} error, counted in {@code callbridge_call_errors_total}.
 */
class AudioHeldForAStartingAgentIsBoundedTest {
    @TempDir
    Path dir;

    @Test
    void aFloodBeforeTheAgentIsReadyIsCappedAndCounted() throws Exception {
        try (RawRealtimeUpstream upstream = new RawRealtimeUpstream(2000);
             GatewayFixture gw = new GatewayFixture(dir, "AGENT", "realtime", "OPENAI_API_KEY", "sk-test", "OPENAI_REALTIME_URL", upstream.url())) {
            Calls.StreamAnswer answer = Calls.answered(gw, "CA000000000000000000000000000000cc");
            String callId = answer.callId();
            try (RawWebSocket caller = RawWebSocket.connect(gw.port(), "/ws/twilio-media")) {
                caller.sendText(StalledRealtimeUpstreamIsDroppedTest.start(answer));
                byte[] burst = StalledRealtimeUpstreamIsDroppedTest.burst();
                for (int i = 0; i < 100; i++) { // 10,000 frames in about a second: 200 s of audio
                    caller.writeRaw(burst);
                    Thread.sleep(10);
                }
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> Calls.metric(gw, "callbridge_call_errors_total", "code=\"held-for-agent-overflow\"") == 1);
                assertThat(gw.get("/api/calls/" + callId).json().path("status").asText()).isEqualTo("in-progress");
            }
            upstream.close();
        }
    }
}
