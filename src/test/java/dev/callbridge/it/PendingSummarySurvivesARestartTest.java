package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.engine.llm.FakeChatCompletions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A summary that could not be sent yet (Meta unreachable) waits in the outbox: the gateway is
 * stopped with it pending, and once restarted on the same data, with Meta back, it is sent, once,
 * and the call's record moves on from {@code retrying} to {@code sent}.
 */
class PendingSummarySurvivesARestartTest {
    @TempDir
    Path dir;

    @Test
    void aFollowUpPendingAtTheStopIsSentAfterTheRestart() {
        try (CallSummaryRig rig = new CallSummaryRig(dir, 33)) {
            rig.meta.down();
            rig.llm.enqueue(FakeChatCompletions.Reply.stream(60).text("You booked a room, reference 4711.").finish("stop"));
            rig.llm.enqueue(FakeChatCompletions.Reply.stream(61).text("You booked a room, reference 4711.").finish("stop"));
            String callId;
            try (GatewayFixture first = rig.start()) {
                callId = rig.completedCall(first, "+4915112345678");
                JsonNode retrying = rig.awaitFollowUp(first, callId, "retrying");
                assertThat(retrying.path("error").path("message").asText()).contains("unreachable");
            }
            assertThat(rig.graph.sentTemplates()).as("nothing reached Meta").isEmpty();

            rig.meta.up();
            try (GatewayFixture second = rig.start()) {
                JsonNode sent = rig.awaitFollowUp(second, callId, "sent");
                assertThat(sent.path("summary").asText()).isEqualTo("You booked a room, reference 4711.");
                assertThat(sent.path("attempts").asInt()).isGreaterThanOrEqualTo(2);
                assertThat(rig.graph.sentTemplates()).hasSize(1);
                assertThat(second.get("/api/whatsapp/conversations/+4915112345678").json().path("messages")).hasSize(1);
            }
        }
    }
}
