package dev.callbridge.engine.tts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callbridge.engine.EngineFailure.Kind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The codec reads every shape of server message the protocol allows (optional and null fields,
 * the final message with or without audio, the error message) and turns anything else into an
 * {@link ElevenLabsProtocolException}, never another exception, however the text is mangled.
 */
class ElevenLabsMessagesDecodeOrFailCleanlyTest {
    private static final String HELLO = "aGVsbG8="; // "hello"

    private static ElevenLabsMessage.Audio audio(String json) {
        return (ElevenLabsMessage.Audio) ElevenLabsCodec.decode(json);
    }

    @Test
    void audioWithOrWithoutItsOptionalFields() {
        for (String json : List.of(
                "{\"audio\":\"" + HELLO + "\"}",
                "{\"audio\":\"" + HELLO + "\",\"isFinal\":null,\"normalizedAlignment\":null,\"alignment\":null}",
                "{\"isFinal\":false,\"audio\":\"" + HELLO + "\",\"alignment\":{\"chars\":[\"h\"],\"charStartTimesMs\":[0],\"charsDurationsMs\":[40]}}")) {
            ElevenLabsMessage.Audio a = audio(json);
            assertThat(new String(a.bytes(), StandardCharsets.US_ASCII)).as(json).isEqualTo("hello");
            assertThat(a.last()).as(json).isFalse();
        }
    }

    @Test
    void theFinalMessage() {
        for (String json : List.of("{\"isFinal\":true}", "{\"audio\":null,\"isFinal\":true}", "{\"audio\":\"\",\"isFinal\":true}")) {
            assertThat(audio(json).bytes()).as(json).isEmpty();
            assertThat(audio(json).last()).as(json).isTrue();
        }
        ElevenLabsMessage.Audio carrying = audio("{\"audio\":\"" + HELLO + "\",\"isFinal\":true}");
        assertThat(carrying.bytes()).hasSize(5);
        assertThat(carrying.last()).isTrue();
        assertThat(audio("{\"isFinal\":\"true\"}").last()).as("only the boolean counts").isFalse();
        assertThat(audio("{}").bytes()).isEmpty();
    }

    @Test
    void errors() {
        var e = (ElevenLabsMessage.ServerError) ElevenLabsCodec.decode(
                "{\"message\":\"Have not received a new text input within the timeout of 20 seconds.\",\"error\":\"input_timeout_exceeded\",\"code\":1008}");
        assertThat(e.error()).isEqualTo("input_timeout_exceeded");
        assertThat(e.code()).isEqualTo(1008);
        assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
        var bare = (ElevenLabsMessage.ServerError) ElevenLabsCodec.decode("{\"message\":\"We are sorry, something went wrong.\"}");
        assertThat(bare.error()).isNull();
        assertThat(bare.code()).isZero();
        assertThat(bare.kind()).isEqualTo(Kind.STREAM_ERROR);
        assertThat(((ElevenLabsMessage.ServerError) ElevenLabsCodec.decode("{\"error\":\"boom\",\"code\":1011}")).kind()).isEqualTo(Kind.SERVER_ERROR);
        assertThat(((ElevenLabsMessage.ServerError) ElevenLabsCodec.decode("{\"error\":\"invalid_api_key\"}")).kind()).isEqualTo(Kind.UNAUTHORIZED);
    }

    @Test
    void notTheProtocol() {
        for (String json : List.of("", "nope", "[1,2]", "\"audio\"", "{\"audio\":12}", "{\"audio\":\"not base64!\"}", "{\"audio\":{}}", "{\"audio\":")) {
            assertThatThrownBy(() -> ElevenLabsCodec.decode(json)).as(json).isInstanceOf(ElevenLabsProtocolException.class);
        }
    }

    @Test
    void mangledMessagesNeverThrowAnythingElse() {
        List<String> seeds = List.of(
                "{\"audio\":\"" + HELLO + "\",\"isFinal\":null,\"alignment\":{\"chars\":[\"h\",\"i\"],\"charStartTimesMs\":[0,5]}}",
                "{\"isFinal\":true}",
                "{\"message\":\"quota\",\"error\":\"quota_exceeded\",\"code\":1008}");
        Random random = new Random(42);
        for (int i = 0; i < 5_000; i++) {
            char[] text = seeds.get(i % seeds.size()).toCharArray();
            for (int m = 1 + random.nextInt(4); m > 0; m--) text[random.nextInt(text.length)] = (char) (32 + random.nextInt(95));
            String mangled = random.nextInt(10) == 0 ? new String(text, 0, random.nextInt(text.length)) : new String(text);
            try {
                ElevenLabsCodec.decode(mangled);
            } catch (ElevenLabsProtocolException expected) {
                // the only way the codec may refuse
            }
        }
    }
}
