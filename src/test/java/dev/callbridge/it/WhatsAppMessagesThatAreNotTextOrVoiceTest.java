package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.engine.llm.FakeChatCompletions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An image gets one short reply saying what is read (the model is not asked); a reaction to our
 * reply is stored and gets none.
 */
class WhatsAppMessagesThatAreNotTextOrVoiceTest {
    @TempDir
    Path dir;

    @Test
    void anImageIsToldWhatIsReadAndAReactionIsNotAnswered() {
        try (WhatsAppRig rig = new WhatsAppRig(dir, 13, false)) {
            rig.llm.enqueue(FakeChatCompletions.Reply.stream(131).text("Glad to help.").finish("stop"));
            rig.meta.deliver(MetaWebhookSender.ArrayNodeBuilder.of(MetaWebhookSender.image("4915112345678", "wamid.I1", "img1")), null);
            var afterImage = rig.awaitConversation("4915112345678", 2);
            assertThat(afterImage.get(0).path("kind").asText()).isEqualTo("image");
            assertThat(afterImage.get(1).path("text").asText()).contains("only read text and voice");
            assertThat(rig.llm.served()).isEmpty();

            String ourReply = afterImage.get(1).path("id").asText();
            rig.meta.deliver(MetaWebhookSender.ArrayNodeBuilder.of(
                    MetaWebhookSender.reaction("4915112345678", "wamid.R1", ourReply, "👍"),
                    MetaWebhookSender.text("4915112345678", "wamid.I2", "thanks")), null);
            var messages = rig.awaitConversation("4915112345678", 5);
            assertThat(messages).extracting(m -> m.path("direction").asText() + ":" + m.path("kind").asText()).containsExactly(
                    "inbound:image", "outbound:text", "inbound:reaction", "inbound:text", "outbound:text");
            assertThat(messages.get(4).path("replyTo").asText()).isEqualTo("wamid.I2");
            assertThat(rig.graph.sentTexts()).hasSize(2);
        }
    }
}
