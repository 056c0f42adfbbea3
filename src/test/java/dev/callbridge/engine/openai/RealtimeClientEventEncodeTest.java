package dev.callbridge.engine.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.engine.FunctionTool;
import dev.callbridge.engine.openai.RealtimeClientEvent.*;
import dev.callbridge.engine.openai.RealtimeSessionConfig.InputTranscription;
import dev.callbridge.engine.openai.RealtimeSessionConfig.RealtimeAudioFormat;
import dev.callbridge.engine.openai.RealtimeSessionConfig.ToolChoice;
import dev.callbridge.engine.openai.RealtimeSessionConfig.TurnDetection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every client event encodes to the shape of protocols/openai-realtime.md; output is parsed and compared as a tree. */
class RealtimeClientEventEncodeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final RealtimeCodec codec = new RealtimeCodec();

    private JsonNode encoded(RealtimeClientEvent event) throws Exception {
        return JSON.readTree(codec.encode(event));
    }

    private static JsonNode tree(String json) throws Exception {
        return JSON.readTree(json);
    }

    @Test
    void sessionUpdateMatchesTheDocumentedTelephonyExample() throws Exception {
        JsonNode schema = tree("""
                {"type":"object","properties":{"order_number":{"type":"string"}},"required":["order_number"]}""");
        RealtimeSessionConfig config = new RealtimeSessionConfig(null, "You are the voice agent of ACME. Be brief.",
                "marin", RealtimeAudioFormat.forLeg(AudioFormat.PCMU_8K), RealtimeAudioFormat.forLeg(AudioFormat.PCMU_8K),
                TurnDetection.ServerVad.DEFAULTS, new InputTranscription("gpt-4o-mini-transcribe", "de"),
                List.of(new FunctionTool("lookup_order", "Find an order by its number", schema)), ToolChoice.AUTO);

        ObjectNode expected = (ObjectNode) tree(RealtimeFixtures.read("client/session.update.telephony.json"));
        // Fields of the example the gateway does not set (server defaults apply):
        ObjectNode session = (ObjectNode) expected.get("session");
        session.remove(List.of("output_modalities", "max_output_tokens"));
        ((ObjectNode) session.at("/audio/input")).remove("noise_reduction");
        ((ObjectNode) session.at("/audio/input/turn_detection")).remove("idle_timeout_ms");
        ((ObjectNode) session.at("/audio/output")).remove("speed");

        assertThat(encoded(new SessionUpdate(null, config))).isEqualTo(expected);
    }

    @Test
    void sessionUpdateForALinearLegUsesPcm24kSemanticVadAndNamedToolChoice() throws Exception {
        RealtimeSessionConfig config = new RealtimeSessionConfig("gpt-realtime", "Be kind.", "cedar",
                RealtimeAudioFormat.forLeg(AudioFormat.L16_16K), RealtimeAudioFormat.forLeg(AudioFormat.L16_16K),
                new TurnDetection.SemanticVad("high", true, false), null, List.of(), ToolChoice.function("lookup_order"));
        assertThat(encoded(new SessionUpdate("evt_1", config))).isEqualTo(tree("""
                {"type":"session.update","event_id":"evt_1","session":{"type":"realtime","model":"gpt-realtime",
                 "instructions":"Be kind.",
                 "audio":{"input":{"format":{"type":"audio/pcm","rate":24000},
                                   "turn_detection":{"type":"semantic_vad","eagerness":"high",
                                                     "create_response":true,"interrupt_response":false}},
                          "output":{"format":{"type":"audio/pcm","rate":24000},"voice":"cedar"}},
                 "tools":[],"tool_choice":{"type":"function","name":"lookup_order"}}}"""));
    }

    @Test
    void sessionUpdateOmitsWhatIsUnchangedAndSendsNullToTurnDetectionOff() throws Exception {
        RealtimeSessionConfig config = new RealtimeSessionConfig(null, "", null, null, null,
                new TurnDetection.Disabled(), null, null, null);
        assertThat(encoded(new SessionUpdate(null, config))).isEqualTo(tree("""
                {"type":"session.update","session":{"type":"realtime","instructions":"",
                 "audio":{"input":{"turn_detection":null}}}}"""));
    }

    @Test
    void appendFromBytesIsStandardBase64() throws Exception {
        assertThat(encoded(InputAudioAppend.ofBytes(new byte[] {(byte) 0xFF, 0x7F, 0x7E})))
                .isEqualTo(tree("{\"type\":\"input_audio_buffer.append\",\"audio\":\"/39+\"}"));
    }

    @Test
    void commitClearCancelAndEventIds() throws Exception {
        assertThat(encoded(new InputAudioCommit("client_commit_7")))
                .isEqualTo(tree("{\"type\":\"input_audio_buffer.commit\",\"event_id\":\"client_commit_7\"}"));
        assertThat(encoded(new InputAudioClear(null))).isEqualTo(tree("{\"type\":\"input_audio_buffer.clear\"}"));
        assertThat(encoded(new ResponseCancel(null, null))).isEqualTo(tree("{\"type\":\"response.cancel\"}"));
        assertThat(encoded(new ResponseCancel(null, "resp_R1")))
                .isEqualTo(tree("{\"type\":\"response.cancel\",\"response_id\":\"resp_R1\"}"));
    }

    @Test
    void responseCreateBareAndWithGreetingInstructions() throws Exception {
        assertThat(encoded(new ResponseCreate(null, null))).isEqualTo(tree("{\"type\":\"response.create\"}"));
        assertThat(encoded(new ResponseCreate(null, "Greet the caller \"warmly\".\n"))).isEqualTo(tree(
                "{\"type\":\"response.create\",\"response\":{\"instructions\":\"Greet the caller \\\"warmly\\\".\\n\"}}"));
    }

    @Test
    void truncateCarriesWhatTheCallerHeard() throws Exception {
        assertThat(encoded(new ItemTruncate(null, "item_I2", 0, 1840))).isEqualTo(tree(
                "{\"type\":\"conversation.item.truncate\",\"item_id\":\"item_I2\",\"content_index\":0,\"audio_end_ms\":1840}"));
        assertThatThrownBy(() -> new ItemTruncate(null, "item_I2", 0, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void itemCreateMatchesTheDocumentedExamples() throws Exception {
        assertThat(encoded(new CreateItem(null, null, RealtimeItem.message(null, "user", "input_text", "Greet the caller."))))
                .isEqualTo(tree(RealtimeFixtures.read("client/conversation.item.create.user.json")));
        assertThat(encoded(new CreateFunctionCallOutput(null, "call_abc123", "{\"status\":\"shipped\"}")))
                .isEqualTo(tree(RealtimeFixtures.read("client/conversation.item.create.function_call_output.json")));
    }

    @Test
    void assistantMessageForRolloverUsesOutputText() throws Exception {
        CreateItem said = CreateItem.assistantText("item_I2", "Your order has shipped.");
        assertThat(encoded(new CreateItem("e9", "item_I1", said.item()))).isEqualTo(tree("""
                {"type":"conversation.item.create","event_id":"e9","previous_item_id":"item_I1",
                 "item":{"id":"item_I2","type":"message","role":"assistant",
                         "content":[{"type":"output_text","text":"Your order has shipped."}]}}"""));
    }

    @Test
    void aReplayedFunctionCallKeepsItsIdsAndArguments() throws Exception {
        assertThat(encoded(new CreateItem(null, null, RealtimeItem.functionCall("item_F1", "call_7", "lookup_order",
                "{\"order\":\"4711\"}")))).isEqualTo(tree("""
                {"type":"conversation.item.create",
                 "item":{"id":"item_F1","type":"function_call","call_id":"call_7","name":"lookup_order",
                         "arguments":"{\\"order\\":\\"4711\\"}"}}"""));
    }

    @Test
    void retrieveNamesTheItem() throws Exception {
        assertThat(encoded(new ItemRetrieve("r1", "item_I2"))).isEqualTo(tree(
                "{\"type\":\"conversation.item.retrieve\",\"event_id\":\"r1\",\"item_id\":\"item_I2\"}"));
    }

    @Test
    void toolParametersCannotBeChangedThroughTheRecord() throws Exception {
        ObjectNode schema = (ObjectNode) tree("{\"type\":\"object\"}");
        FunctionTool tool = new FunctionTool("f", null, schema);
        schema.put("type", "changed");
        ((ObjectNode) tool.parameters()).put("type", "changed too");
        assertThat(tool.parameters()).isEqualTo(tree("{\"type\":\"object\"}"));
    }
}
