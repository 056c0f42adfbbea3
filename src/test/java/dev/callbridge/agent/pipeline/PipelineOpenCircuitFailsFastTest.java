package dev.callbridge.agent.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.agent.SpokenPrompt;
import dev.callbridge.engine.tts.FakeSpeechServer;
import dev.callbridge.it.Calls;
import dev.callbridge.it.RawTwilioStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Speech synthesis answers 500 to every greeting, and to its retry, call after call. Once the
 * shared TTS breaker has seen enough requests (five, at least half of them failed) it opens: the
 * next request is refused without trying the engine, and its caller hears the fallback at once, the record
 * saying the circuit is open.
 */
class PipelineOpenCircuitFailsFastTest {
    private static final String ERROR = FakeSpeechServer.openAiError("The server had an error while processing your request.", null);

    @TempDir
    Path dir;

    @Test
    void afterEnoughFailedCallsTheNextFailsWithoutAskingTheEngine() {
        try (PipelineCall call = new PipelineCall(dir, "AGENT_GREETING", "Hello, this is Ada.")) {
            for (int i = 0; i < 5; i++) call.tts.enqueue(FakeSpeechServer.Reply.status(500, "application/json", ERROR));
            assertThat(call.hearUntilEnded("failed").path("endReason").asText()).startsWith("engine-failed: tts: ").contains("500");
            assertThat(call.tts.served()).as("the greeting and its retry").hasSize(2);
            assertThat(anotherCall(call, 2).path("endReason").asText()).startsWith("engine-failed: tts: ").contains("500");

            // The fifth failure opens the circuit: the third call's retry is already refused.
            assertThat(anotherCall(call, 3).path("endReason").asText()).startsWith("engine-failed: tts: ").contains("circuit open");
            assertThat(call.tts.served()).hasSize(5);

            JsonNode fourth = anotherCall(call, 4);
            assertThat(fourth.path("endReason").asText()).startsWith("engine-failed: tts: ").contains("circuit open");
            assertThat(call.tts.served()).as("the open circuit asked the engine nothing").hasSize(5);
        }
    }

    /** A new call to the same gateway; returns its record once it has ended, the fallback heard. */
    private static JsonNode anotherCall(PipelineCall call, int n) {
        try (RawTwilioStream twilio = new RawTwilioStream(call.gw.vertx, call.gw.port())) {
            Calls.StreamAnswer answer = Calls.answered(call.gw, "CA0000000000000000000000000000020" + n);
            twilio.connected();
            twilio.start(answer);
            int[] acked = {0};
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                List<String> marks = PipelineCall.marks(twilio.received);
                for (; acked[0] < marks.size(); acked[0]++) twilio.mark(100 + acked[0], marks.get(acked[0]));
                return twilio.isClosed();
            });
            JsonNode record = Calls.awaitStatus(call.gw, answer.callId(), "failed");
            JsonNode entries = call.gw.get("/api/calls/" + answer.callId() + "/transcript").json().path("entries");
            assertThat(entries).extracting(e -> e.path("text").asText()).containsExactly(SpokenPrompt.unavailable().text());
            return record;
        }
    }
}
