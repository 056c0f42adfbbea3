package dev.callbridge.engine.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.engine.openai.RealtimeServerEvent.*;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The typical event order of one voice turn (protocols/openai-realtime.md, section 4) decodes in order, ids intact. */
class RealtimeVoiceTurnSequenceTest {
    private final RealtimeCodec codec = new RealtimeCodec();

    @Test
    void oneServerVadTurnDecodesToTheDocumentedSequence() {
        List<RealtimeServerEvent> events = RealtimeFixtures.lines("voice-turn.jsonl").stream().map(codec::decode).toList();

        assertThat(events).extracting(RealtimeServerEvent::type).containsExactly(
                "input_audio_buffer.speech_started",
                "input_audio_buffer.speech_stopped",
                "input_audio_buffer.committed",
                "conversation.item.added",
                "response.created",
                "rate_limits.updated",
                "response.output_item.added",
                "conversation.item.added",
                "response.content_part.added",
                "response.output_audio.delta",
                "response.output_audio_transcript.delta",
                "response.output_audio.delta",
                "conversation.item.input_audio_transcription.completed",
                "response.output_audio_transcript.delta",
                "response.output_audio.done",
                "response.output_audio_transcript.done",
                "response.content_part.done",
                "response.output_item.done",
                "conversation.item.done",
                "response.done");
        // The events the agent does not model stay available verbatim.
        assertThat(events).filteredOn(Other.class::isInstance).hasSize(4);

        // The user item I1 and the assistant item I2 / response R1 thread through the turn.
        assertThat(((SpeechStarted) events.get(0)).itemId()).isEqualTo("item_I1");
        assertThat(((AudioBufferCommitted) events.get(2)).itemId()).isEqualTo("item_I1");
        assertThat(((ItemAdded) events.get(3)).item().role()).isEqualTo("user");
        String responseId = ((ResponseCreated) events.get(4)).responseId();
        ItemAdded assistant = (ItemAdded) events.get(7);
        assertThat(assistant.item().role()).isEqualTo("assistant");
        assertThat(assistant.previousItemId()).isEqualTo("item_I1");
        assertThat(events).filteredOn(OutputAudioDelta.class::isInstance).map(OutputAudioDelta.class::cast)
                .allSatisfy(d -> {
                    assertThat(d.responseId()).isEqualTo(responseId);
                    assertThat(d.itemId()).isEqualTo(assistant.item().id());
                })
                .hasSize(2);
        assertThat(events).filteredOn(OutputTranscriptDelta.class::isInstance)
                .map(e -> ((OutputTranscriptDelta) e).delta()).containsExactly("Your order ", "has shipped.");
        assertThat(((InputTranscriptionCompleted) events.get(12)).itemId()).isEqualTo("item_I1");
        ResponseDone done = (ResponseDone) events.get(19);
        assertThat(done.responseId()).isEqualTo(responseId);
        assertThat(done.status()).isEqualTo(ResponseStatus.COMPLETED);
        assertThat(done.output()).extracting(RealtimeItem::id).containsExactly(assistant.item().id());
    }
}
