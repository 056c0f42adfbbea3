package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.engine.llm.FakeChatCompletions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reply the Graph API refuses is stored as failed with Meta's code and message: 131047 (outside
 * the 24-hour window), 131030 (not on the allowed list), 190 (bad token) fail at once, untried
 * again; a rate limit (130429) or a 5xx is retried with backoff, and stored failed only once the
 * bounded retries are spent.
 */
class WhatsAppGraphErrorsAreKeptOnTheReplyTest {
    @TempDir
    Path dir;

    @Test
    void eachErrorCodeIsKeptAndOnlyRateLimitsAndServerErrorsAreRetried() {
        try (WhatsAppRig rig = new WhatsAppRig(dir, 9, false)) {
            for (int i = 0; i < 6; i++) rig.llm.enqueue(FakeChatCompletions.Reply.stream(90 + i).text("Reply " + i).finish("stop"));

            rig.graph.closeWindow("4915100000001");
            JsonNode window = exchange(rig, "4915100000001", "wamid.E1");
            assertFailed(window, 131047, "Re-engagement");
            assertThat(attempts(rig, "4915100000001")).isEqualTo(1);

            rig.graph.failNext(400, 131030, "(#131030) Recipient phone number not in allowed list");
            assertFailed(exchange(rig, "4915100000002", "wamid.E2"), 131030, "not in allowed list");
            assertThat(attempts(rig, "4915100000002")).isEqualTo(1);

            rig.graph.failNext(401, 190, "Error validating access token: Session has expired");
            assertFailed(exchange(rig, "4915100000003", "wamid.E3"), 190, "access token");
            assertThat(attempts(rig, "4915100000003")).isEqualTo(1);

            // Rate limited once, then taken: retried, and stored as sent.
            rig.graph.failNext(429, 130429, "(#130429) Rate limit hit");
            JsonNode limited = exchange(rig, "4915100000004", "wamid.E4");
            assertThat(limited.path("status").asText()).isEqualTo("accepted");
            assertThat(limited.path("error").isNull()).isTrue();
            assertThat(attempts(rig, "4915100000004")).isEqualTo(2);

            // A server error, then taken.
            rig.graph.failNext(503, 1, "Service temporarily unavailable");
            assertThat(exchange(rig, "4915100000005", "wamid.E5").path("status").asText()).isEqualTo("accepted");
            assertThat(attempts(rig, "4915100000005")).isEqualTo(2);

            // Rate limited on every try: bounded (four tries), then failed with Meta's code.
            for (int i = 0; i < 4; i++) rig.graph.failNext(429, 130429, "(#130429) Rate limit hit");
            assertFailed(exchange(rig, "4915100000006", "wamid.E6"), 130429, "Rate limit");
            assertThat(attempts(rig, "4915100000006")).isEqualTo(4);

            // The inbound messages whose reply failed say so.
            JsonNode first = rig.api("/api/whatsapp/conversations/4915100000001").json().path("messages").get(0);
            assertThat(first.path("status").asText()).isEqualTo("unanswered");
            assertThat(rig.graph.violations()).isEmpty();
        }
    }

    /** Delivers one text and returns the stored reply to it. */
    private static JsonNode exchange(WhatsAppRig rig, String from, String wamid) {
        rig.meta.deliver(MetaWebhookSender.ArrayNodeBuilder.of(MetaWebhookSender.text(from, wamid, "hello")), null);
        JsonNode reply = rig.awaitConversation(from, 2).get(1);
        assertThat(reply.path("direction").asText()).isEqualTo("outbound");
        assertThat(reply.path("replyTo").asText()).isEqualTo(wamid);
        return reply;
    }

    private static void assertFailed(JsonNode reply, int code, String message) {
        assertThat(reply.path("status").asText()).isEqualTo("failed");
        assertThat(reply.path("id").isNull()).isTrue();
        assertThat(reply.path("error").path("code").asInt()).isEqualTo(code);
        assertThat(reply.path("error").path("message").asText()).contains(message);
    }

    private static long attempts(WhatsAppRig rig, String to) {
        return rig.graph.sentTexts().stream().filter(s -> s.body().path("to").asText().equals(to)).count();
    }
}
