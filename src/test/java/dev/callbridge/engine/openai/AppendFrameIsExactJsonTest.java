package dev.callbridge.engine.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.callbridge.engine.openai.RealtimeClientEvent.InputAudioAppend;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code input_audio_buffer.append}, sent for every piece of caller audio, is written straight
 * into its frame rather than through the JSON generator. The frame must be exactly what the
 * generator would write, for audio of any length; text that is not plain base64 (pass-through
 * takes the caller's text as it is) must still come out as valid JSON holding that text.
 */
class AppendFrameIsExactJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final RealtimeCodec codec = new RealtimeCodec();

    private static String generatorWrites(String type, String eventId, String audio) throws Exception {
        Map<String, String> event = new LinkedHashMap<>();
        event.put("type", type);
        if (eventId != null) event.put("event_id", eventId);
        event.put("audio", audio);
        return JSON.writeValueAsString(event);
    }

    @Test
    void audioOfEveryLengthIsTheSameJsonTheGeneratorWrites() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        for (int length = 0; length <= 2_000; length += length < 10 ? 1 : 37) {
            byte[] audio = new byte[length];
            random.nextBytes(audio);
            String base64 = Base64.getEncoder().encodeToString(audio);
            byte[] frame = codec.encodeUtf8(InputAudioAppend.ofBytes(audio));
            assertThat(new String(frame, StandardCharsets.UTF_8)).as("%d bytes", length)
                    .isEqualTo(generatorWrites("input_audio_buffer.append", null, base64));
            assertThat(Base64.getDecoder().decode(JSON.readTree(frame).get("audio").textValue())).isEqualTo(audio);
        }
    }

    @Test
    void textThatIsNotPlainBase64IsStillEscapedJson() throws Exception {
        String odd = "ab\"c\\d\né/";
        JsonNode event = JSON.readTree(codec.encodeUtf8(InputAudioAppend.ofBase64(odd)));
        assertThat(event.get("type").textValue()).isEqualTo("input_audio_buffer.append");
        assertThat(event.get("audio").textValue()).isEqualTo(odd);
    }

    @Test
    void anAppendWithAnEventIdCarriesIt() throws Exception {
        assertThat(codec.encode(new InputAudioAppend("client_7", "/39+")))
                .isEqualTo(generatorWrites("input_audio_buffer.append", "client_7", "/39+"));
    }
}
