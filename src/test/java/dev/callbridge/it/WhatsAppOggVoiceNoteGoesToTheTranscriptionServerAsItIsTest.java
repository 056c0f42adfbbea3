package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.engine.llm.FakeChatCompletions;
import dev.callbridge.engine.stt.FakeTranscriptions;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WhatsApp's own voice notes are Ogg/Opus. With an OpenAI-compatible transcriptions server
 * ({@code STT=openai}), which decodes Ogg itself, the note goes as the very bytes downloaded, named
 * {@code .ogg} with its MIME type, and its transcript is answered.
 */
class WhatsAppOggVoiceNoteGoesToTheTranscriptionServerAsItIsTest {
    @TempDir
    Path dir;

    @Test
    void theOggFileReachesTheServerUnchangedAndIsAnswered() {
        byte[] ogg = new byte[20_000];
        new Random(12).nextBytes(ogg);
        System.arraycopy("OggS".getBytes(), 0, ogg, 0, 4);
        try (WhatsAppRig rig = new WhatsAppRig(dir, 12, true)) {
            rig.graph.media("8765", ogg, "audio/ogg; codecs=opus");
            rig.stt.enqueue(FakeTranscriptions.Reply.text(" Can I bring my dog?"));
            rig.llm.enqueue(FakeChatCompletions.Reply.stream(121).text("Yes, dogs are welcome.").finish("stop"));
            rig.meta.deliver(MetaWebhookSender.ArrayNodeBuilder.of(MetaWebhookSender.voiceNote("4915112345678", "wamid.O1", "8765",
                    "audio/ogg; codecs=opus")), null);

            assertThat(rig.awaitTexts(1).get(0).body().path("text").path("body").asText()).isEqualTo("Yes, dogs are welcome.");
            FakeTranscriptions.Served heard = rig.stt.served().get(0);
            assertThat(heard.violations()).isEmpty();
            assertThat(heard.file().fileName()).isEqualTo("voice.ogg");
            assertThat(heard.file().contentType()).isEqualTo("audio/ogg; codecs=opus");
            assertThat(heard.file().content()).isEqualTo(ogg);
            assertThat(heard.fields()).containsEntry("model", "whisper-test").containsEntry("response_format", "json");
            var messages = rig.awaitConversation("4915112345678", 2);
            assertThat(messages.get(0).path("text").asText()).isEqualTo("Can I bring my dog?");
        }
    }
}
