package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.engine.llm.FakeChatCompletions;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When Meta refuses the summary's template, the call's record keeps Meta's code and message:
 * 131047 (outside the window), 131030 (not on the allowed list) and 190 (a bad token) are final,
 * so the follow-up is {@code failed} after one send and its outbox row dead; a rate limit (130429)
 * that outlasts the Graph client's own retries leaves it {@code retrying}, and the outbox's next
 * attempt sends it.
 */
class SummaryRefusalsKeepMetasCodeTest {
    @TempDir
    Path dir;

    @Test
    void finalRefusalsFailWithMetasCodeAndRateLimitsAreRetried() {
        try (CallSummaryRig rig = new CallSummaryRig(dir, 32); GatewayFixture gw = rig.start()) {
            int[][] refusals = {{400, 131047}, {400, 131030}, {401, 190}};
            String[] messages = {"(#131047) Re-engagement message", "(#131030) Recipient phone number not in allowed list",
                    "Error validating access token: Session has expired"};
            for (int i = 0; i < refusals.length; i++) {
                rig.llm.enqueue(FakeChatCompletions.Reply.stream(40 + i).text("Summary ", String.valueOf(i)).finish("stop"));
                rig.graph.failNext(refusals[i][0], refusals[i][1], messages[i]);
                int sentBefore = rig.graph.sentTemplates().size();
                String callId = rig.completedCall(gw, "+4915112345678");

                JsonNode followUp = rig.awaitFollowUp(gw, callId, "failed");
                assertThat(followUp.path("error").path("code").asInt()).isEqualTo(refusals[i][1]);
                assertThat(followUp.path("error").path("message").asText()).contains(messages[i]);
                assertThat(followUp.path("attempts").asInt()).isEqualTo(1);
                JsonNode row = gw.get("/api/webhooks/deliveries?callId=" + callId).json().path("deliveries").get(0);
                assertThat(row.path("status").asText()).isEqualTo("dead");
                assertThat(row.path("lastError").asText()).contains(messages[i]);
                assertThat(rig.graph.sentTemplates()).as("not retried").hasSize(sentBefore + 1);
            }

            // Rate limited longer than the Graph client retries one send (four tries): the outbox tries again later.
            rig.llm.enqueue(FakeChatCompletions.Reply.stream(50).text("You asked about the room.").finish("stop"));
            rig.llm.enqueue(FakeChatCompletions.Reply.stream(51).text("You asked about the room.").finish("stop"));
            for (int i = 0; i < 4; i++) rig.graph.failNext(429, 130429, "(#130429) Rate limit hit");
            String callId = rig.completedCall(gw, "+4915112345678");
            JsonNode retrying = rig.awaitFollowUp(gw, callId, "retrying");
            assertThat(retrying.path("error").path("code").asInt()).isEqualTo(130429);
            assertThat(retrying.path("attempts").asInt()).isEqualTo(1);
            JsonNode sent = rig.awaitFollowUp(gw, callId, "sent");
            assertThat(sent.path("attempts").asInt()).isEqualTo(2);
            assertThat(sent.path("error").isNull()).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    gw.get("/api/webhooks/deliveries?callId=" + callId).json().path("deliveries").get(0).path("status").asText().equals("delivered"));
            assertThat(rig.graph.violations()).isEmpty();
        }
    }
}
