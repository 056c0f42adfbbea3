package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.call.CallJson;
import dev.callbridge.engine.llm.FakeChatCompletions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two turns of a written conversation: each inbound text is answered once through the Graph API by
 * the LLM, whose second request carries the instructions and the first turn; every message is
 * stored and appears on /ws/events as whatsapp.message.
 */
class WhatsAppTextConversationTest {
    @TempDir
    Path dir;

    @Test
    void twoTurnsAreAnsweredWithTheHistoryAndPublished() throws Exception {
        try (WhatsAppRig rig = new WhatsAppRig(dir, 3, false);
             EventsReader events = new EventsReader(rig.gateway.vertx, rig.gateway.port(), "/ws/events?token=" + WhatsAppRig.API_TOKEN)) {
            rig.llm.enqueue(FakeChatCompletions.Reply.stream(31).text("We have a double room ", "free on Friday.").finish("stop"));
            rig.llm.enqueue(FakeChatCompletions.Reply.stream(32).text("It is 120 euros a night.").finish("stop"));

            assertThat(rig.meta.deliver(MetaWebhookSender.ArrayNodeBuilder.of(
                    MetaWebhookSender.text("16505551234", "wamid.T1", "Is a room free on Friday?")), null).status()).isEqualTo(200);
            List<FakeGraphApi.Served> first = rig.awaitTexts(1);
            assertThat(first.get(0).body().path("to").asText()).isEqualTo("16505551234");
            assertThat(first.get(0).body().path("text").path("body").asText()).isEqualTo("We have a double room free on Friday.");
            assertThat(first.get(0).body().path("context").path("message_id").asText()).isEqualTo("wamid.T1");
            rig.awaitConversation("+16505551234", 2);

            assertThat(rig.meta.deliver(MetaWebhookSender.ArrayNodeBuilder.of(
                    MetaWebhookSender.text("16505551234", "wamid.T2", "How much is it? 🙂")), null).status()).isEqualTo(200);
            List<FakeGraphApi.Served> both = rig.awaitTexts(2);
            assertThat(both.get(1).body().path("text").path("body").asText()).isEqualTo("It is 120 euros a night.");

            JsonNode second = rig.llm.served().get(1).body().path("messages");
            assertThat(second.get(0).path("role").asText()).isEqualTo("system");
            assertThat(second.get(0).path("content").asText()).contains("Hotel Seeblick").contains("WhatsApp");
            assertThat(second).extracting(m -> m.path("role").asText() + ":" + m.path("content").asText()).containsSubsequence(
                    "user:Is a room free on Friday?", "assistant:We have a double room free on Friday.", "user:How much is it? 🙂");

            JsonNode messages = rig.awaitConversation("16505551234", 4);
            assertThat(messages).extracting(m -> m.path("direction").asText() + ":" + m.path("text").asText()).containsExactly(
                    "inbound:Is a room free on Friday?", "outbound:We have a double room free on Friday.",
                    "inbound:How much is it? 🙂", "outbound:It is 120 euros a night.");
            assertThat(messages.get(1).path("replyTo").asText()).isEqualTo("wamid.T1");
            assertThat(messages.get(1).path("id").asText()).startsWith("wamid.OUT");
            await().atMost(Duration.ofSeconds(10)).until(() -> rig.awaitConversation("16505551234", 4).get(2).path("status").asText().equals("answered"));

            await().atMost(Duration.ofSeconds(10)).until(() -> events.received.stream()
                    .filter(t -> t.contains("\"whatsapp.message\"")).count() >= 4);
            List<JsonNode> published = events.received.stream().map(WhatsAppTextConversationTest::json)
                    .filter(e -> e.path("type").asText().equals("whatsapp.message")).toList();
            assertThat(published).extracting(e -> e.path("data").path("text").asText())
                    .contains("Is a room free on Friday?", "It is 120 euros a night.");
            assertThat(published.get(0).path("data").path("number").asText()).isEqualTo("+16505551234");
            // Marked read, once each.
            assertThat(rig.graph.served().stream().filter(s -> s.body() != null && s.body().has("status")).count()).isEqualTo(2);
            assertThat(rig.graph.violations()).isEmpty();
        }
    }

    private static JsonNode json(String text) {
        try {
            return CallJson.mapper().readTree(text);
        } catch (Exception e) {
            throw new AssertionError(text, e);
        }
    }
}
