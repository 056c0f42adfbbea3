package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.engine.llm.FakeChatCompletions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A POST not signed with the app secret is 403 and leaves no trace: nothing stored, answered or sent. */
class WhatsAppWebhookWithABadSignatureIsRefusedTest {
    @TempDir
    Path dir;

    @Test
    void badMissingOrForeignSignaturesAre403AndNothingIsStored() {
        try (WhatsAppRig rig = new WhatsAppRig(dir, 2, false)) {
            rig.llm.enqueue(FakeChatCompletions.Reply.stream(2).text("Hello!").finish("stop"));
            String body = rig.meta.payload(MetaWebhookSender.ArrayNodeBuilder.of(
                    MetaWebhookSender.text("4915112345678", "wamid.BAD1", "hi")), null);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            MetaWebhookSender other = new MetaWebhookSender(rig.gateway.http, rig.gateway.base(), "another_app_secret", 2);

            assertThat(rig.meta.postSigned(bytes, null).status()).isEqualTo(403);
            assertThat(rig.meta.postSigned(bytes, "sha256=" + "0".repeat(64)).status()).isEqualTo(403);
            assertThat(rig.meta.postSigned(bytes, "sha256=nothex").status()).isEqualTo(403);
            assertThat(other.post(body).status()).isEqualTo(403);
            // Signed over other bytes (the same JSON re-serialized with a space): not these bytes.
            assertThat(rig.meta.postSigned((body + " ").getBytes(StandardCharsets.UTF_8),
                    new MetaWebhookSender(rig.gateway.http, rig.gateway.base(), WhatsAppRig.APP_SECRET, 3).signatureOf(bytes)).status())
                    .isEqualTo(403);

            assertThat(rig.api("/api/whatsapp/conversations/+4915112345678").status()).isEqualTo(404);
            assertThat(rig.api("/api/whatsapp/conversations").json().path("conversations").size()).isZero();

            // A properly signed message from the same number, after them: messages of one number are handled in
            // order, so had any refused one been taken it would be in the conversation before this one's reply.
            String good = rig.meta.payload(MetaWebhookSender.ArrayNodeBuilder.of(
                    MetaWebhookSender.text("4915112345678", "wamid.GOOD1", "hello again")), null);
            assertThat(rig.meta.post(good).status()).isEqualTo(200);
            var messages = rig.awaitConversation("4915112345678", 2);
            assertThat(messages).hasSize(2);
            assertThat(messages.get(0).path("id").asText()).isEqualTo("wamid.GOOD1");
            assertThat(rig.llm.served()).hasSize(1);
            assertThat(rig.graph.sentTexts()).hasSize(1);
        }
    }
}
