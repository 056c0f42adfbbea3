package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.engine.stt.FakeTranscriptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A voice note that cannot be transcribed (no STT engine configured, or the engine refuses it)
 * still gets exactly one reply, asking the customer to write, and the reason is kept
 * on the stored message. The model is not asked.
 */
class WhatsAppVoiceNoteThatCannotBeHeardAsksToWriteTest {
    @TempDir
    Path dir;

    @Test
    void withoutAnSttEngine() {
        try (WhatsAppRig rig = new WhatsAppRig(dir, 7, false)) {
            rig.graph.media("555", "RIFF....".getBytes(StandardCharsets.US_ASCII), "audio/wav");
            rig.meta.deliver(MetaWebhookSender.ArrayNodeBuilder.of(MetaWebhookSender.voiceNote("4915112345678", "wamid.N1", "555",
                    "audio/ogg; codecs=opus")), null);
            var messages = rig.awaitConversation("4915112345678", 2);
            assertThat(messages.get(0).path("error").path("message").asText()).contains("STT");
            assertThat(messages.get(1).path("text").asText()).contains("write");
            assertThat(rig.graph.sentTexts()).hasSize(1);
            assertThat(rig.llm.served()).isEmpty();
        }
    }

    @Test
    void whenTheSttEngineFails() {
        try (WhatsAppRig rig = new WhatsAppRig(dir, 8, true)) {
            byte[] ogg = "OggS\0\2\0\0\0\0\0\0\0\0OpusHead".getBytes(StandardCharsets.ISO_8859_1);
            rig.graph.media("777", ogg, "audio/ogg; codecs=opus");
            rig.stt.enqueue(FakeTranscriptions.Reply.status(400, FakeTranscriptions.Reply.openAiError(
                    "Audio file might be corrupted or unsupported", "invalid_request_error", "invalid_value")));
            rig.meta.deliver(MetaWebhookSender.ArrayNodeBuilder.of(MetaWebhookSender.voiceNote("4915112345678", "wamid.N2", "777",
                    "audio/ogg; codecs=opus")), null);
            var messages = rig.awaitConversation("4915112345678", 2);
            assertThat(messages.get(0).path("error").path("message").asText()).startsWith("not transcribed:").contains("400");
            assertThat(messages.get(1).path("text").asText()).contains("write");
            assertThat(rig.stt.served()).hasSize(1);
            assertThat(rig.llm.served()).isEmpty();
        }
    }
}
