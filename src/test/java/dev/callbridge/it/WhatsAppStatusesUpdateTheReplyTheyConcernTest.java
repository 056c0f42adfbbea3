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
 * Status webhooks move the reply they name forward (sent, delivered, read) and never back, whatever
 * order or how many times they come; a failed status keeps Meta's error code and title.
 */
class WhatsAppStatusesUpdateTheReplyTheyConcernTest {
    @TempDir
    Path dir;

    @Test
    void statusesOutOfOrderAndTwiceEndAtTheFurthestAndFailedKeepsTheError() {
        try (WhatsAppRig rig = new WhatsAppRig(dir, 10, false)) {
            rig.llm.enqueue(FakeChatCompletions.Reply.stream(101).text("First.").finish("stop"));
            rig.llm.enqueue(FakeChatCompletions.Reply.stream(102).text("Second.").finish("stop"));
            rig.meta.deliver(MetaWebhookSender.ArrayNodeBuilder.of(MetaWebhookSender.text("16505551234", "wamid.S1", "one")), null);
            String out1 = rig.awaitConversation("16505551234", 2).get(1).path("id").asText();

            // read before delivered and sent, and read again.
            rig.meta.deliver(null, MetaWebhookSender.ArrayNodeBuilder.of(MetaWebhookSender.status(out1, "read", "16505551234")));
            rig.meta.deliver(null, MetaWebhookSender.ArrayNodeBuilder.of(MetaWebhookSender.status(out1, "sent", "16505551234"),
                    MetaWebhookSender.status(out1, "delivered", "16505551234")));
            rig.meta.deliver(null, MetaWebhookSender.ArrayNodeBuilder.of(MetaWebhookSender.status(out1, "read", "16505551234")));
            await().atMost(Duration.ofSeconds(10)).until(() -> reply(rig, 1).path("status").asText().equals("read"));

            rig.meta.deliver(MetaWebhookSender.ArrayNodeBuilder.of(MetaWebhookSender.text("16505551234", "wamid.S2", "two")), null);
            String out2 = rig.awaitConversation("16505551234", 4).get(3).path("id").asText();
            rig.meta.deliver(null, MetaWebhookSender.ArrayNodeBuilder.of(MetaWebhookSender.status(out2, "sent", "16505551234"),
                    MetaWebhookSender.failedStatus(out2, "16505551234", 131026, "Message undeliverable")));
            await().atMost(Duration.ofSeconds(10)).until(() -> reply(rig, 3).path("status").asText().equals("failed"));
            JsonNode failed = reply(rig, 3);
            assertThat(failed.path("error").path("code").asInt()).isEqualTo(131026);
            assertThat(failed.path("error").path("message").asText()).isEqualTo("Message undeliverable");
            // A status for a message that is not ours changes nothing.
            rig.meta.deliver(null, MetaWebhookSender.ArrayNodeBuilder.of(MetaWebhookSender.status("wamid.UNKNOWN", "read", "1")));
            assertThat(reply(rig, 1).path("status").asText()).isEqualTo("read");
            assertThat(reply(rig, 0).path("status").asText()).isEqualTo("answered");
        }
    }

    private static JsonNode reply(WhatsAppRig rig, int index) {
        return rig.api("/api/whatsapp/conversations/16505551234").json().path("messages").get(index);
    }
}
