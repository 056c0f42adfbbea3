package dev.callbridge.engine.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.agent.RealtimeAgent;
import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * A leg that is not μ-law (16 kHz linear PCM, as Asterisk's slin16 will be) gets an
 * {@code audio/pcm} session at 24 kHz both ways, transcoded once at the edge: each 20 ms of the
 * caller becomes 20 ms at 24 kHz, and the model's 24 kHz audio is played at the leg's rate.
 */
class RealtimePcmLegTest extends RealtimeAgentHarness {

    @Test
    void aLinearPcmLegIsTranscodedOnceToAndFrom24kHz() throws Exception {
        leg.format = AudioFormat.L16_16K;
        byte[] answer = new byte[24 * 2 * 300]; // 300 ms of 24 kHz 16-bit silence
        fake.script().respond(ScriptedResponse.audio(answer, "Hello.").withChunkMs(100));
        RealtimeAgent agent = startedHearingAll("Hello.");

        JsonObject audio = fake.awaitConfigured(0).effectiveSession().getJsonObject("audio");
        for (String side : new String[] {"input", "output"}) {
            JsonObject format = audio.getJsonObject(side).getJsonObject("format");
            assertThat(format.getString("type")).isEqualTo("audio/pcm");
            assertThat(format.getInteger("rate")).isEqualTo(24000);
        }
        onCall(() -> {
            for (int i = 0; i < 5; i++) agent.onAudio(leg, new AudioChunk(AudioFormat.L16_16K, new byte[640]));
            return null;
        });
        FakeRealtimeSession session = fake.awaitSession(0);
        await().until(() -> session.timeline().appendsReceived() == 5);
        assertThat(session.timeline().all("input_audio_buffer.append"))
                .allSatisfy(a -> assertThat(Base64.getDecoder().decode(a.getString("audio"))).hasSize(960));

        await().until(() -> call.transcript.size() == 1);
        assertThat(leg.played).allMatch(c -> c.format().equals(AudioFormat.L16_16K));
        assertThat(leg.bytesPlayed()).isEqualTo(16 * 2 * 300);
    }
}
