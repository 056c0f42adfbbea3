package dev.callbridge.engine.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.it.Calls;
import dev.callbridge.it.GatewayFixture;
import dev.callbridge.it.RawTwilioStream;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model says "Done, goodbye!" and calls {@code end_call} in the same response, through the
 * real gateway and a Twilio stream: the gateway hangs up once Twilio returns the goodbye's marks,
 * and asks the model for nothing more.
 */
class EndCallThroughTheGatewayTest extends RealtimeFakeFixture {
    @TempDir
    Path dir;

    @Test
    void theStreamClosesOnceTheGoodbyesMarksAreBack() {
        fake.script().speech(200, 600, "that's all, bye")
                .respond(ScriptedResponse.audio(ulaw(300, 0x44), "Done, goodbye!").withChunkMs(100).withFunctionCall("end_call", "{}"));
        try (GatewayFixture gw = new GatewayFixture(dir, "AGENT", "realtime", "OPENAI_API_KEY", "sk-test", "OPENAI_REALTIME_URL", fake.url());
             RawTwilioStream twilio = new RawTwilioStream(gw.vertx, gw.port())) {
            Calls.StreamAnswer answer = Calls.answered(gw, "CA00000000000000000000000000000079");
            String callId = answer.callId();
            twilio.connected();
            twilio.start(answer);
            for (int i = 0; i < 60; i++) twilio.media(i + 2, Base64.getEncoder().encodeToString(ulaw(20, 0xFF)));

            await().until(() -> marks(twilio).size() == 3);
            List<String> marks = marks(twilio);
            twilio.mark(70, marks.get(0));
            twilio.mark(71, marks.get(1));
            assertThat(twilio.isClosed()).as("a goodbye not yet heard in full").isFalse();
            twilio.mark(72, marks.get(2));
            await().until(twilio::isClosed);

            JsonNode record = Calls.awaitStatus(gw, callId, "completed");
            assertThat(record.path("endReason").asText()).isEqualTo("agent-hangup");
            FakeRealtimeSession session = fake.awaitSession(0);
            assertThat(session.timeline().all("response.create")).isEmpty();
            assertThat(session.timeline().all("response.done")).hasSize(1);
        }
    }

    private static List<String> marks(RawTwilioStream twilio) {
        return twilio.received.stream().filter(m -> m.contains("\"event\":\"mark\""))
                .map(m -> m.replaceAll(".*\"name\":\"([^\"]+)\".*", "$1")).toList();
    }
}
