package dev.callbridge.engine.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.engine.openai.RealtimeServerEvent.Other;
import dev.callbridge.engine.openai.RealtimeServerEvent.OutputAudioDelta;
import dev.callbridge.engine.openai.RealtimeServerEvent.OutputTranscriptDone;
import org.junit.jupiter.api.Test;

/** Events the codec does not model are {@link Other}, never errors, whatever fields they carry. */
class RealtimeUnknownEventTest {
    private final RealtimeCodec codec = new RealtimeCodec();

    @Test
    void anUnknownTypeIsKeptVerbatim() {
        String json = "{\"type\":\"input_audio_buffer.timeout_triggered\",\"event_id\":\"event_9\","
                + "\"audio_start_ms\":100,\"audio_end_ms\":9000,\"item_id\":\"item_9\"}";
        assertThat(codec.decode(json)).isEqualTo(new Other("input_audio_buffer.timeout_triggered", json));
    }

    @Test
    void anUnknownTypeWithFieldsOfUnexpectedTypesIsStillOther() {
        // A future event may reuse a name we read with another JSON type.
        String json = "{\"delta\":{\"text\":\"hi\"},\"item\":\"item_1\",\"output_index\":-3,\"error\":false,"
                + "\"type\":\"response.future_thing.delta\"}";
        assertThat(codec.decode(json)).isEqualTo(new Other("response.future_thing.delta", json));
    }

    @Test
    void documentedEventsTheAgentDoesNotUseAreOther() {
        for (String type : new String[] {"conversation.item.truncated", "response.output_item.added",
                "input_audio_buffer.cleared", "response.output_text.delta", "conversation.created"}) {
            assertThat(codec.decode("{\"type\":\"" + type + "\"}")).isInstanceOf(Other.class)
                    .extracting(RealtimeServerEvent::type).isEqualTo(type);
        }
    }

    @Test
    void betaAudioNamesDecodeAsTheirGaEvents() {
        // protocols/openai-realtime.md: one SDK revision still declared the beta name; accept both.
        assertThat(codec.decode("{\"type\":\"response.audio.delta\",\"response_id\":\"r\",\"item_id\":\"i\","
                + "\"output_index\":0,\"content_index\":0,\"delta\":\"AAAA\"}"))
                .isEqualTo(new OutputAudioDelta(null, "r", "i", 0, 0, "AAAA"));
        assertThat(codec.decode("{\"type\":\"response.audio_transcript.done\",\"transcript\":\"Hi\"}"))
                .isEqualTo(new OutputTranscriptDone(null, null, null, -1, -1, "Hi"));
    }

    @Test
    void unknownFieldsOfKnownEventsAreIgnored() {
        assertThat(codec.decode("{\"type\":\"response.output_audio.delta\",\"future\":[1,{\"a\":null}],"
                + "\"response_id\":\"r\",\"item_id\":\"i\",\"delta\":\"AAAA\",\"obfuscation\":\"xyz\"}"))
                .isEqualTo(new OutputAudioDelta(null, "r", "i", -1, -1, "AAAA"));
    }
}
