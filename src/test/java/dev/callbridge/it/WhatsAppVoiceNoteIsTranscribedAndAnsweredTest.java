package dev.callbridge.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.Encoding;
import dev.callbridge.audio.Wav;
import dev.callbridge.engine.llm.FakeChatCompletions;
import dev.callbridge.engine.stt.FakeTranscriptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A voice note spoken by the real espeak-ng: fetched through the media API (info, then the download
 * with the bearer token), handed to the STT engine as the speech it is, and its transcript answered
 * like a text and stored on the inbound message.
 */
class WhatsAppVoiceNoteIsTranscribedAndAnsweredTest {
    @TempDir
    Path dir;

    @Test
    void aSpokenVoiceNoteReachesTheSttEngineAndIsAnswered() throws Exception {
        Path wav = dir.resolve("note.wav");
        Process espeak = new ProcessBuilder("espeak-ng", "-v", "en-us", "-w", wav.toString(),
                "I would like to book a table for two people tonight").redirectErrorStream(true).start();
        assertThat(espeak.waitFor(30, TimeUnit.SECONDS)).as("espeak-ng finished").isTrue();
        assertThat(espeak.exitValue()).as("espeak-ng (apt-get install espeak-ng)").isZero();
        byte[] note = Files.readAllBytes(wav);
        AudioChunk spoken = Wav.parse(note);

        try (WhatsAppRig rig = new WhatsAppRig(dir.resolve("data"), 6, true)) {
            rig.graph.media("1037543291543636", note, "audio/wav");
            rig.stt.enqueue(FakeTranscriptions.Reply.text("I would like to book a table for two people tonight."));
            rig.llm.enqueue(FakeChatCompletions.Reply.stream(61).text("A table for two is booked for 8 pm.").finish("stop"));

            rig.meta.deliver(MetaWebhookSender.ArrayNodeBuilder.of(MetaWebhookSender.voiceNote("4915112345678", "wamid.V1",
                    "1037543291543636", "audio/wav")), null);

            var sent = rig.awaitTexts(1);
            assertThat(sent.get(0).body().path("text").path("body").asText()).isEqualTo("A table for two is booked for 8 pm.");
            // The media id looked up, then the file downloaded, both with the bearer token.
            assertThat(rig.graph.served()).filteredOn(s -> s.method().equals("GET")).extracting(FakeGraphApi.Served::path)
                    .containsExactly("/v21.0/1037543291543636", "/whatsapp_business/attachments/1037543291543636");
            assertThat(rig.graph.served()).allSatisfy(s -> assertThat(s.authorization()).isEqualTo("Bearer " + FakeGraphApi.TOKEN));

            FakeTranscriptions.Served heard = rig.stt.served().get(0);
            assertThat(heard.violations()).isEmpty();
            assertThat(heard.wav().format().encoding()).isEqualTo(Encoding.L16);
            // All of the speech, resampled: as long as espeak-ng's, and not silence.
            assertThat(heard.wav().durationMillis()).isBetween(spoken.durationMillis() - 100, spoken.durationMillis() + 100);
            assertThat(rms(heard.wav().data())).isGreaterThan(500);

            var user = rig.llm.served().get(0).body().path("messages");
            assertThat(user.get(user.size() - 1).path("content").asText()).isEqualTo("I would like to book a table for two people tonight.");
            var messages = rig.awaitConversation("4915112345678", 2);
            assertThat(messages.get(0).path("kind").asText()).isEqualTo("voice");
            assertThat(messages.get(0).path("text").asText()).isEqualTo("I would like to book a table for two people tonight.");
            assertThat(messages.get(1).path("text").asText()).isEqualTo("A table for two is booked for 8 pm.");
        }
    }

    private static double rms(byte[] pcm) {
        double sum = 0;
        int n = pcm.length / 2;
        for (int i = 0; i < n; i++) {
            short s = (short) ((pcm[2 * i] & 0xff) | (pcm[2 * i + 1] << 8));
            sum += (double) s * s;
        }
        return Math.sqrt(sum / Math.max(1, n));
    }
}
