package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.callbridge.engine.llm.FakeChatCompletions;
import dev.callbridge.store.Databases;
import dev.callbridge.whatsapp.WhatsAppStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A message stored but not yet answered when the process stopped (killed while the model was
 * writing) is answered once the gateway is back, if the 24-hour window is still open; one from
 * longer ago is left alone, since a free-form reply would be refused (131047).
 */
class WhatsAppMessageLeftUnansweredIsAnsweredAfterARestartTest {
    @TempDir
    Path dir;

    @Test
    void theStoredMessageIsAnsweredOnceAfterStartUp() {
        // What a killed gateway leaves behind: the inbound rows, no reply.
        try (HikariDataSource db = Databases.embedded(dir)) {
            WhatsAppStore store = new WhatsAppStore(db);
            store.insertInbound("wamid.OLD", "+4915112345678", "text", "from yesterday", Instant.now().minus(Duration.ofHours(25)));
            store.insertInbound("wamid.P1", "+4915112345678", "text", "Are you still there?", Instant.now().minus(Duration.ofMinutes(5)));
        }
        try (WhatsAppRig rig = new WhatsAppRig(dir, 14, false)) {
            rig.llm.enqueue(FakeChatCompletions.Reply.stream(141).text("Yes, sorry for the wait.").finish("stop"));
            var messages = rig.awaitConversation("4915112345678", 3);
            assertThat(messages).extracting(m -> m.path("id").asText() + ":" + m.path("status").asText()).startsWith(
                    "wamid.OLD:received", "wamid.P1:answered");
            assertThat(messages.get(2).path("replyTo").asText()).isEqualTo("wamid.P1");
            assertThat(rig.graph.sentTexts()).hasSize(1);
            assertThat(rig.graph.sentTexts().get(0).body().path("to").asText()).isEqualTo("4915112345678");

            // Meta redelivering it now changes nothing: it is stored, and answered.
            rig.llm.enqueue(FakeChatCompletions.Reply.stream(142).text("Should not be sent.").finish("stop"));
            rig.meta.deliver(MetaWebhookSender.ArrayNodeBuilder.of(MetaWebhookSender.text("4915112345678", "wamid.P1", "Are you still there?"),
                    MetaWebhookSender.text("4915112345678", "wamid.P2", "ok")), null);
            rig.awaitConversation("4915112345678", 5);
            assertThat(rig.graph.sentTexts()).hasSize(2);
        }
    }
}
