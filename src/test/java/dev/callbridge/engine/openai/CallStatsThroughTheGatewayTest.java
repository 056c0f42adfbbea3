package dev.callbridge.engine.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.it.Calls;
import dev.callbridge.it.GatewayFixture;
import dev.callbridge.it.RawTwilioStream;
import java.nio.file.Path;
import java.util.Base64;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A realtime call through the real gateway leaves the agent's summary on its record: once the
 * call has ended and left memory, {@code GET /api/calls/{id}} and {@code GET /api/calls} serve
 * {@code stats} from the store.
 */
class CallStatsThroughTheGatewayTest extends RealtimeFakeFixture {
    @TempDir
    Path dir;

    @Test
    void anEndedRealtimeCallShowsItsTurnsAndToolsInTheApi() {
        // The caller asks; the model calls a tool nobody registered (a failed tool call), then answers.
        fake.script().speech(200, 600, "where is my order")
                .respond(ScriptedResponse.functionCall("lookup_order", "{\"order_number\":\"4711\"}"),
                        ScriptedResponse.audio(ulaw(200, 0x44), "I can't look that up right now.").withChunkMs(100));
        try (GatewayFixture gw = new GatewayFixture(dir, "AGENT", "realtime", "OPENAI_API_KEY", "sk-test",
                "OPENAI_REALTIME_URL", fake.url());
             RawTwilioStream twilio = new RawTwilioStream(gw.vertx, gw.port())) {
            Calls.StreamAnswer answer = Calls.answered(gw, "CA00000000000000000000000000000079");
            String callId = answer.callId();
            twilio.connected();
            twilio.start(answer);
            for (int i = 0; i < 60; i++) twilio.media(i + 2, Base64.getEncoder().encodeToString(ulaw(20, 0xFF)));
            await().until(() -> twilio.received.stream().anyMatch(m -> m.contains("\"event\":\"media\"")));

            twilio.stop(99, RawTwilioStream.STREAM_SID);
            Calls.awaitStatus(gw, callId, "completed");
            await().until(() -> gw.gateway.registry().find(callId).isEmpty()); // retired once stored

            JsonNode stats = gw.get("/api/calls/" + callId).json().path("stats");
            assertThat(stats.path("turns").asInt()).as("%s", stats).isEqualTo(1);
            assertThat(stats.path("responseMsMedian").isIntegralNumber()).as("%s", stats).isTrue();
            assertThat(stats.path("responseMsMax").asLong()).isEqualTo(stats.path("responseMsMedian").asLong());
            assertThat(stats.path("toolCalls").asInt()).isEqualTo(1);
            assertThat(stats.path("toolErrors").asInt()).isEqualTo(1);
            assertThat(stats.path("toolMsMax").isIntegralNumber()).isTrue();
            assertThat(stats.path("bargeIns").asInt()).isZero();
            assertThat(stats.path("upstreamReconnects").asInt()).isZero();
            assertThat(stats.path("sessionRollovers").asInt()).isZero();

            JsonNode listed = StreamSupport.stream(gw.get("/api/calls").json().path("calls").spliterator(), false)
                    .filter(c -> c.path("id").asText().equals(callId)).findFirst().orElseThrow();
            assertThat(listed.path("stats")).isEqualTo(stats);
        }
    }
}
