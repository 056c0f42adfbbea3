package dev.callbridge.engine.openai;

import static dev.callbridge.engine.openai.RealtimeFixtures.server;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.callbridge.engine.openai.RealtimeServerEvent.*;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each server event of protocols/openai-realtime.md section 4, as captured in test resources, decodes to its record. */
class RealtimeServerEventDecodeTest {
    private final RealtimeCodec codec = new RealtimeCodec();

    @Test
    void sessionCreatedKeepsIdModelAndTheFullSession() throws Exception {
        String json = server("session.created");
        SessionCreated event = (SessionCreated) codec.decode(json);
        assertThat(event.eventId()).isEqualTo("event_C1");
        assertThat(event.sessionId()).isEqualTo("sess_C1");
        assertThat(event.model()).isEqualTo("gpt-realtime");
        ObjectMapper json2 = new ObjectMapper();
        assertThat(json2.readTree(event.sessionJson())).isEqualTo(json2.readTree(json).get("session"));
    }

    @Test
    void sessionUpdated() {
        SessionUpdated event = (SessionUpdated) codec.decode(server("session.updated"));
        assertThat(event).extracting(SessionUpdated::eventId, SessionUpdated::sessionId, SessionUpdated::model)
                .containsExactly("event_C2", "sess_C1", "gpt-realtime");
        assertThat(event.sessionJson()).contains("\"lookup_order\"", "\"audio/pcmu\"");
    }

    @Test
    void speechStartedAndStopped() {
        assertThat(codec.decode(server("input_audio_buffer.speech_started")))
                .isEqualTo(new SpeechStarted("event_S1", 1200, "item_I1"));
        assertThat(codec.decode(server("input_audio_buffer.speech_stopped")))
                .isEqualTo(new SpeechStopped("event_S2", 2950, "item_I1"));
    }

    @Test
    void retrievedCarriesTheItemAsTheServerHoldsItAfterATruncate() {
        ItemRetrieved event = (ItemRetrieved) codec.decode(server("conversation.item.retrieved"));
        assertThat(event.item().id()).isEqualTo("item_I2");
        assertThat(event.item().firstText()).isEqualTo("Your order has");
    }

    @Test
    void committed() {
        assertThat(codec.decode(server("input_audio_buffer.committed")))
                .isEqualTo(new AudioBufferCommitted("event_S3", "item_I1", "item_I0"));
    }

    @Test
    void itemAddedDoneAndTheBetaCreatedName() {
        assertThat(codec.decode(server("conversation.item.added"))).isEqualTo(new ItemAdded("event_S4", "item_I0",
                new RealtimeItem("item_I1", "message", "user", "completed", null, null, null, null,
                        List.of(new RealtimeItem.ContentPart("input_audio", null, null)))));
        assertThat(codec.decode(server("conversation.item.done"))).isEqualTo(new ItemDone("event_S5", "item_I1",
                new RealtimeItem("item_I2", "message", "assistant", "completed", null, null, null, null,
                        List.of(new RealtimeItem.ContentPart("output_audio", null, "Your order has shipped.")))));
        assertThat(codec.decode(server("conversation.item.created"))).isEqualTo(new ItemAdded("event_S6", null,
                new RealtimeItem("item_I3", "message", "user", null, null, null, null, null,
                        List.of(new RealtimeItem.ContentPart("input_text", "Greet the caller.", null)))));
    }

    @Test
    void responseCreated() {
        assertThat(codec.decode(server("response.created")))
                .isEqualTo(new ResponseCreated("event_R1", "resp_R1", "in_progress"));
    }

    @Test
    void outputAudioDeltaAndDone() {
        OutputAudioDelta delta = (OutputAudioDelta) codec.decode(server("response.output_audio.delta"));
        assertThat(delta).isEqualTo(new OutputAudioDelta("event_A1", "resp_R1", "item_I2", 0, 0, "/39+fXx7enl4d3Z1dHNy"));
        assertThat(delta.decodeAudio()).hasSize(15).startsWith((byte) 0xFF, (byte) 0x7F, (byte) 0x7E);
        assertThat(codec.decode(server("response.output_audio.done")))
                .isEqualTo(new OutputAudioDone("event_A2", "resp_R1", "item_I2", 0, 0));
    }

    @Test
    void outputTranscriptDeltaAndDone() {
        assertThat(codec.decode(server("response.output_audio_transcript.delta")))
                .isEqualTo(new OutputTranscriptDelta("event_T1", "resp_R1", "item_I2", 0, 0, "Your order "));
        assertThat(codec.decode(server("response.output_audio_transcript.done")))
                .isEqualTo(new OutputTranscriptDone("event_T2", "resp_R1", "item_I2", 0, 0, "Your order has shipped."));
    }

    @Test
    void inputTranscriptionDeltaCompletedFailed() {
        assertThat(codec.decode(server("conversation.item.input_audio_transcription.delta")))
                .isEqualTo(new InputTranscriptionDelta("event_U1", "item_I1", 0, "Where is "));
        assertThat(codec.decode(server("conversation.item.input_audio_transcription.completed")))
                .isEqualTo(new InputTranscriptionCompleted("event_U2", "item_I1", 0, "Where is my order 4711?"));
        assertThat(codec.decode(server("conversation.item.input_audio_transcription.failed")))
                .isEqualTo(new InputTranscriptionFailed("event_U3", "item_I1", 0, new ErrorDetails(
                        "transcription_error", "audio_unintelligible", "The audio could not be transcribed.", null, null)));
    }

    @Test
    void functionCallArgumentsDeltaAndDone() {
        assertThat(codec.decode(server("response.function_call_arguments.delta"))).isEqualTo(
                new FunctionCallArgumentsDelta("event_F1", "resp_R2", "item_F1", 0, "call_abc123", "{\"order_number\":"));
        assertThat(codec.decode(server("response.function_call_arguments.done"))).isEqualTo(
                new FunctionCallArgumentsDone("event_F2", "resp_R2", "item_F1", 0, "call_abc123", "lookup_order",
                        "{\"order_number\":\"4711\"}"));
    }

    @Test
    void responseDoneWithAFunctionCallAndUsage() {
        ResponseDone done = (ResponseDone) codec.decode(server("response.done"));
        assertThat(done.responseId()).isEqualTo("resp_R2");
        assertThat(done.status()).isEqualTo(ResponseStatus.COMPLETED);
        assertThat(done.statusReason()).isNull();
        assertThat(done.usage()).isEqualTo(new Usage(371, 310, 61));
        assertThat(done.functionCalls()).containsExactly(new RealtimeItem("item_F1", "function_call", null,
                "completed", "call_abc123", "lookup_order", "{\"order_number\":\"4711\"}", null, List.of()));
    }

    @Test
    void responseDoneCancelledByBargeIn() {
        ResponseDone done = (ResponseDone) codec.decode(server("response.done.cancelled"));
        assertThat(done.status()).isEqualTo(ResponseStatus.CANCELLED);
        assertThat(done.statusReason()).isEqualTo("turn_detected");
        assertThat(done.functionCalls()).isEmpty();
        assertThat(done.output()).singleElement().satisfies(item -> {
            assertThat(item.status()).isEqualTo("incomplete");
            assertThat(item.content()).extracting(RealtimeItem.ContentPart::transcript).containsExactly("Your order");
        });
    }

    @Test
    void otherResponseStatuses() {
        for (var status : List.of("incomplete", "failed", "in_progress", "brand_new")) {
            String json = "{\"type\":\"response.done\",\"response\":{\"id\":\"resp_1\",\"status\":\"" + status + "\"}}";
            ResponseDone done = (ResponseDone) codec.decode(json);
            assertThat(done.status().name()).isEqualTo(switch (status) {
                case "brand_new" -> "UNKNOWN";
                default -> status.toUpperCase();
            });
            assertThat(done.output()).isEmpty();
            assertThat(done.usage()).isNull();
        }
    }

    @Test
    void rateLimitsUpdated() {
        assertThat(codec.decode(server("rate_limits.updated"))).isEqualTo(new RateLimitsUpdated("event_L1", List.of(
                new RateLimit("requests", 1000, 999, 60), new RateLimit("tokens", 50000, 49629, 0.446))));
    }

    @Test
    void errorsKeepTypeCodeMessageParamAndTheCausingClientEvent() {
        assertThat(codec.decode(server("error"))).isEqualTo(new ServerError("event_E1", new ErrorDetails(
                "invalid_request_error", "beta_api_shape_disabled",
                "The Realtime Beta API is no longer supported. Please use /v1/realtime for the GA API.", null, null)));
        ServerError commitEmpty = (ServerError) codec.decode(server("error.commit_empty"));
        assertThat(commitEmpty.error().code()).isEqualTo("input_audio_buffer_commit_empty");
        assertThat(commitEmpty.error().eventId()).isEqualTo("client_commit_7");
    }
}
