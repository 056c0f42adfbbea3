package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A finished call and its transcript are still there after the gateway restarts on the same DATA_DIR. */
class CallSurvivesRestartTest {
    @TempDir
    Path dir;

    @Test
    void recordAndTranscriptSurviveARestart() {
        String callId;
        JsonNode before;
        JsonNode transcriptBefore;
        try (GatewayFixture gw = new GatewayFixture(dir)) {
            Calls.StreamAnswer answer = Calls.answered(gw, "CA1");
            callId = answer.callId();
            try (RawTwilioStream twilio = new RawTwilioStream(gw.vertx, gw.port())) {
                twilio.connected();
                twilio.start(answer);
                twilio.dtmf(2, '7');
                twilio.stop(3, RawTwilioStream.STREAM_SID);
                await().until(twilio::isClosed);
            }
            await().until(() -> gw.get("/api/calls/" + callId + "/transcript").json().path("entries").size() == 3);
            before = gw.get("/api/calls/" + callId).json();
            transcriptBefore = gw.get("/api/calls/" + callId + "/transcript").json();
        }
        try (GatewayFixture gw = new GatewayFixture(dir)) {
            assertThat(gw.gateway.registry().find(callId)).as("served from the store, not memory").isEmpty();
            assertThat(gw.get("/api/calls/" + callId).json()).isEqualTo(before);
            assertThat(gw.get("/api/calls/" + callId + "/transcript").json()).isEqualTo(transcriptBefore);
            assertThat(before.path("status").asText()).isEqualTo("completed");
        }
    }
}
