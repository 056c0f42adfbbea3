package dev.callbridge.engine.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.callbridge.engine.openai.RealtimeServerEvent.OutputAudioDelta;
import java.util.Base64;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * μ-law base64 crosses the codec untouched both ways (protocols/openai-realtime.md section 6):
 * the caller's payload text goes into {@code input_audio_buffer.append} as-is, and the model's
 * {@code delta} text comes out as-is — byte-for-byte, even in forms a decode/encode would change.
 */
class RealtimeMulawPassThroughTest {
    private final RealtimeCodec codec = new RealtimeCodec();

    private static String twentyMsOfMulaw(long seed) {
        byte[] ulaw = new byte[160];
        new SplittableRandom(seed).nextBytes(ulaw);
        return Base64.getEncoder().encodeToString(ulaw);
    }

    @Test
    void appendSendsTheCallersBase64TextExactly() throws Exception {
        // Unpadded, with '/' in front: re-encoding would add "==", and some JSON writers escape '/'.
        String payload = "//" + twentyMsOfMulaw(1).substring(2).replace("=", "");
        String json = codec.encode(RealtimeClientEvent.InputAudioAppend.ofBase64(payload));
        assertThat(json).contains("\"audio\":\"" + payload + "\"");
        assertThat(new ObjectMapper().readTree(json).get("audio").textValue()).isEqualTo(payload);
    }

    @Test
    void deltaExposesTheModelsBase64TextExactly() {
        String delta = twentyMsOfMulaw(2);
        String frame = "{\"type\":\"response.output_audio.delta\",\"event_id\":\"event_1\",\"response_id\":\"resp_1\","
                + "\"item_id\":\"item_1\",\"output_index\":0,\"content_index\":0,\"delta\":\"" + delta + "\"}";
        OutputAudioDelta decoded = (OutputAudioDelta) codec.decode(frame);
        assertThat(decoded.delta()).isEqualTo(delta);
        assertThat(decoded.decodeAudio()).isEqualTo(Base64.getDecoder().decode(delta));
    }

    @Test
    void aDeltaRelayedAsAnAppendIsTheSameText() {
        String delta = twentyMsOfMulaw(3);
        OutputAudioDelta decoded = (OutputAudioDelta) codec.decode("{\"type\":\"response.output_audio.delta\","
                + "\"response_id\":\"r\",\"item_id\":\"i\",\"delta\":\"" + delta + "\"}");
        assertThat(codec.encode(RealtimeClientEvent.InputAudioAppend.ofBase64(decoded.delta())))
                .isEqualTo("{\"type\":\"input_audio_buffer.append\",\"audio\":\"" + delta + "\"}");
    }
}
