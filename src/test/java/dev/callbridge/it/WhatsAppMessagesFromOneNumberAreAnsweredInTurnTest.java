package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.engine.llm.FakeChatCompletions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Messages a customer sends in quick succession (separate concurrent webhooks) get one reply each, one
 * after another: the second is answered only once the first reply is out, and its history holds it.
 * Another customer's message is not held up behind them.
 */
class WhatsAppMessagesFromOneNumberAreAnsweredInTurnTest {
    @TempDir
    Path dir;

    @Test
    void concurrentMessagesOfOneNumberAreAnsweredOneAfterAnother() {
        try (WhatsAppRig rig = new WhatsAppRig(dir, 5, false)) {
            // The first answer is slow: a second message handled in parallel would overtake it.
            rig.llm.enqueue(FakeChatCompletions.Reply.stream(51).pause(600).text("First answer.").finish("stop"));
            rig.llm.enqueue(FakeChatCompletions.Reply.stream(52).text("Second answer.").finish("stop"));
            rig.llm.enqueue(FakeChatCompletions.Reply.stream(53).text("Third answer.").finish("stop"));

            rig.meta.deliver(MetaWebhookSender.ArrayNodeBuilder.of(MetaWebhookSender.text("447700900123", "wamid.A1", "one")), null);
            List<CompletableFuture<Integer>> posts = List.of(
                    CompletableFuture.supplyAsync(() -> rig.meta.deliver(MetaWebhookSender.ArrayNodeBuilder.of(
                            MetaWebhookSender.text("447700900123", "wamid.A2", "two")), null).status()),
                    CompletableFuture.supplyAsync(() -> rig.meta.deliver(MetaWebhookSender.ArrayNodeBuilder.of(
                            MetaWebhookSender.text("447700900123", "wamid.A3", "three")), null).status()));
            posts.forEach(p -> assertThat(p.join()).isEqualTo(200));

            var messages = rig.awaitConversation("447700900123", 6);
            assertThat(messages).hasSize(6);
            // Strictly alternating: each inbound followed by its own reply.
            for (int i = 0; i < 6; i += 2) {
                assertThat(messages.get(i).path("direction").asText()).isEqualTo("inbound");
                assertThat(messages.get(i + 1).path("direction").asText()).isEqualTo("outbound");
                assertThat(messages.get(i + 1).path("replyTo").asText()).isEqualTo(messages.get(i).path("id").asText());
            }
            assertThat(messages.get(1).path("text").asText()).isEqualTo("First answer.");
            // The third request's history holds both earlier answers.
            var last = rig.llm.served().get(2).body().path("messages");
            assertThat(last.toString()).contains("First answer.").contains("Second answer.");
            assertThat(rig.graph.sentTexts()).hasSize(3);
        }
    }
}
