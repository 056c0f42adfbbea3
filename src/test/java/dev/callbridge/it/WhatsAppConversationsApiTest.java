package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.engine.llm.FakeChatCompletions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/whatsapp/conversations} lists each number with its last message, newest first;
 * {@code …/{number}} takes E.164 with or without '+', answers 400 for anything else and 404 for a
 * number never heard from; both need the API token.
 */
class WhatsAppConversationsApiTest {
    @TempDir
    Path dir;

    @Test
    void listsConversationsAndReadsOneByNumber() {
        try (WhatsAppRig rig = new WhatsAppRig(dir, 11, false)) {
            rig.llm.enqueue(FakeChatCompletions.Reply.stream(111).text("Hi Anna.").finish("stop"));
            rig.llm.enqueue(FakeChatCompletions.Reply.stream(112).text("Hi Ben.").finish("stop"));
            rig.meta.deliver(MetaWebhookSender.ArrayNodeBuilder.of(MetaWebhookSender.text("4915112345678", "wamid.C1", "I am Anna")), null);
            rig.awaitConversation("4915112345678", 2);
            rig.meta.deliver(MetaWebhookSender.ArrayNodeBuilder.of(MetaWebhookSender.text("447700900123", "wamid.C2", "I am Ben")), null);
            rig.awaitConversation("447700900123", 2);

            JsonNode list = rig.api("/api/whatsapp/conversations").json().path("conversations");
            assertThat(list).extracting(c -> c.path("number").asText()).containsExactly("+447700900123", "+4915112345678");
            assertThat(list.get(0).path("lastMessage").path("text").asText()).isEqualTo("Hi Ben.");
            assertThat(list.get(1).path("lastMessage").path("direction").asText()).isEqualTo("outbound");

            GatewayFixture.Response plus = rig.api("/api/whatsapp/conversations/+4915112345678");
            GatewayFixture.Response bare = rig.api("/api/whatsapp/conversations/4915112345678");
            assertThat(plus.status()).isEqualTo(200);
            assertThat(plus.json()).isEqualTo(bare.json());
            assertThat(plus.json().path("number").asText()).isEqualTo("+4915112345678");
            JsonNode first = plus.json().path("messages").get(0);
            assertThat(first.path("id").asText()).isEqualTo("wamid.C1");
            assertThat(first.path("kind").asText()).isEqualTo("text");
            assertThat(first.path("at").asText()).endsWith("Z");

            for (String bad : new String[] {"0049151", "49-151", "abc", "+1", "1234567890123456"}) {
                GatewayFixture.Response r = rig.api("/api/whatsapp/conversations/" + bad);
                assertThat(r.status()).as(bad).isEqualTo(400);
                assertThat(r.json().path("error").path("message").asText()).startsWith("number:");
            }
            GatewayFixture.Response unknown = rig.api("/api/whatsapp/conversations/+15550001111");
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.json().path("error").path("code").asText()).isEqualTo("not_found");

            assertThat(rig.gateway.get("/api/whatsapp/conversations").status()).isEqualTo(401);
            assertThat(rig.gateway.get("/api/whatsapp/conversations/4915112345678").status()).isEqualTo(401);
        }
    }
}
