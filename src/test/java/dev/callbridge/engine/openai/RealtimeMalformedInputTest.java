package dev.callbridge.engine.openai;

import static dev.callbridge.engine.openai.RealtimeProtocolException.Kind.BAD_BASE64;
import static dev.callbridge.engine.openai.RealtimeProtocolException.Kind.BAD_JSON;
import static dev.callbridge.engine.openai.RealtimeProtocolException.Kind.MISSING_FIELD;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callbridge.engine.openai.RealtimeProtocolException.Kind;
import dev.callbridge.engine.openai.RealtimeServerEvent.OutputAudioDelta;
import org.junit.jupiter.api.Test;

/** Malformed frames fail with a {@link RealtimeProtocolException} whose kind fits and whose message names the field. */
class RealtimeMalformedInputTest {
    private final RealtimeCodec codec = new RealtimeCodec();

    private void rejects(String json, Kind kind, String... messageParts) {
        assertThatThrownBy(() -> codec.decode(json)).isInstanceOfSatisfying(RealtimeProtocolException.class,
                e -> org.assertj.core.api.Assertions.assertThat(e.kind()).isEqualTo(kind))
                .message().contains(messageParts);
    }

    @Test
    void notJsonOrNotAnObject() {
        rejects("", BAD_JSON, "not a JSON object");
        rejects("{\"type\":", BAD_JSON, "unparseable");
        rejects("[1,2]", BAD_JSON, "not a JSON object");
        rejects("{\"type\":\"error\"} {}", BAD_JSON, "content after");
        rejects("{\"type\":\"x\",\"type\":}", BAD_JSON, "unparseable");
    }

    @Test
    void missingOrMistypedType() {
        rejects("{}", MISSING_FIELD, "type is missing");
        rejects("{\"type\":null}", MISSING_FIELD, "type is missing");
        rejects("{\"type\":7}", BAD_JSON, "type should be a string");
    }

    @Test
    void missingFieldsAreNamedWithTheirEvent() {
        rejects("{\"type\":\"response.output_audio.delta\",\"response_id\":\"r\",\"item_id\":\"i\"}", MISSING_FIELD,
                "response.output_audio.delta: delta is missing");
        rejects("{\"type\":\"input_audio_buffer.speech_started\",\"audio_start_ms\":5}", MISSING_FIELD,
                "item_id is missing");
        rejects("{\"type\":\"response.function_call_arguments.done\",\"arguments\":\"{}\"}", MISSING_FIELD,
                "call_id is missing");
        rejects("{\"type\":\"response.done\"}", MISSING_FIELD, "response.done: response is missing");
        rejects("{\"type\":\"response.done\",\"response\":{\"id\":\"r\"}}", MISSING_FIELD, "response.status is missing");
        rejects("{\"type\":\"conversation.item.added\",\"item\":{\"id\":\"i\"}}", MISSING_FIELD, "item.type is missing");
        rejects("{\"type\":\"error\"}", MISSING_FIELD, "error: error is missing");
    }

    @Test
    void wrongTypesAreNamedWithTheirPath() {
        rejects("{\"type\":\"response.output_audio.delta\",\"response_id\":\"r\",\"item_id\":\"i\",\"delta\":5}",
                BAD_JSON, "delta should be a string");
        rejects("{\"type\":\"response.output_audio.delta\",\"response_id\":\"r\",\"item_id\":\"i\",\"delta\":\"A\","
                + "\"output_index\":-1}", BAD_JSON, "output_index should be a non-negative integer");
        rejects("{\"type\":\"response.output_audio.delta\",\"response_id\":\"r\",\"item_id\":\"i\",\"delta\":\"A\","
                + "\"content_index\":4294967296}", BAD_JSON, "content_index is out of range");
        rejects("{\"type\":\"response.done\",\"response\":{\"id\":\"r\",\"status\":\"completed\",\"output\":[{\"type\":"
                + "\"message\",\"content\":[{\"type\":3}]}]}}", BAD_JSON, "response.output[0].content[0].type should be a string");
        rejects("{\"type\":\"rate_limits.updated\",\"rate_limits\":[{\"limit\":\"many\"}]}", BAD_JSON,
                "rate_limits[0].limit should be a 64-bit integer");
        rejects("{\"type\":\"session.created\",\"session\":[]}", BAD_JSON, "session should be an object");
        rejects("{\"type\":\"error\",\"error\":\"boom\"}", BAD_JSON, "error should be an object or array");
    }

    @Test
    void badBase64IsReportedWhenTheBytesAreAskedFor() {
        OutputAudioDelta delta = (OutputAudioDelta) codec.decode(
                "{\"type\":\"response.output_audio.delta\",\"response_id\":\"r\",\"item_id\":\"i\",\"delta\":\"*notb64\"}");
        assertThatThrownBy(delta::decodeAudio).isInstanceOfSatisfying(RealtimeProtocolException.class,
                e -> org.assertj.core.api.Assertions.assertThat(e.kind()).isEqualTo(BAD_BASE64))
                .hasMessageContaining("delta");
    }
}
