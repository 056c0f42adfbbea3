package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.engine.llm.FakeChatCompletions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Meta retries and duplicates deliveries: one wamid, however often and however concurrently it comes, gets one reply. */
class WhatsAppDuplicateDeliveryGetsOneReplyTest {
    @TempDir
    Path dir;

    @Test
    void aWamidDeliveredFiveTimesAtOnceIsStoredAndAnsweredOnce() {
        try (WhatsAppRig rig = new WhatsAppRig(dir, 4, false)) {
            for (int i = 0; i < 5; i++) rig.llm.enqueue(FakeChatCompletions.Reply.stream(40 + i).text("Answer " + i).finish("stop"));
            String body = rig.meta.payload(MetaWebhookSender.ArrayNodeBuilder.of(
                    MetaWebhookSender.text("4915112345678", "wamid.DUP1", "Are you open today?"),
                    // The same message twice in one batch too.
                    MetaWebhookSender.text("4915112345678", "wamid.DUP1", "Are you open today?")), null);
            List<CompletableFuture<Integer>> posts = java.util.stream.IntStream.range(0, 4)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> rig.meta.post(body).status())).toList();
            posts.forEach(p -> assertThat(p.join()).isEqualTo(200));

            rig.awaitConversation("4915112345678", 2);
            // A later distinct message is answered too, and after it the duplicates have long been handled:
            rig.meta.deliver(MetaWebhookSender.ArrayNodeBuilder.of(MetaWebhookSender.text("4915112345678", "wamid.DUP2", "Thanks")), null);
            var messages = rig.awaitConversation("4915112345678", 4);

            assertThat(messages).hasSize(4);
            assertThat(messages).extracting(m -> m.path("direction").asText() + ":" + m.path("text").asText())
                    .containsExactly("inbound:Are you open today?", "outbound:Answer 0", "inbound:Thanks", "outbound:Answer 1");
            assertThat(rig.graph.sentTexts()).hasSize(2);
            assertThat(rig.llm.served()).hasSize(2);
        }
    }
}
