package dev.callbridge.engine.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Doc §5: the model calls a tool, the client answers with function_call_output and asks for the next response. */
class FakeRealtimeFunctionCallTest extends RealtimeFakeFixture {

    @Test
    void functionCallRoundTrip() {
        String args = "{\"order_number\":\"4711\"}";
        fake.script().respond(
                ScriptedResponse.functionCall("lookup_order", args).withArgumentChunks(3),
                ScriptedResponse.audio(ulaw(200, 0x55), "Your order has shipped."));
        try (RealtimeTestClient client = telephonyClient(500)) {
            client.send("response.create");
            List<JsonObject> call = client.until("response.done");
            assertThat(RealtimeTestClient.types(call)).containsExactly(
                    "response.created", "rate_limits.updated",
                    "response.output_item.added", "conversation.item.added",
                    "response.function_call_arguments.delta", "response.function_call_arguments.delta", "response.function_call_arguments.delta",
                    "response.function_call_arguments.done",
                    "response.output_item.done", "conversation.item.done",
                    "response.done");
            JsonObject item = call.get(2).getJsonObject("item");
            assertThat(item.getString("type")).isEqualTo("function_call");
            assertThat(item.getString("name")).isEqualTo("lookup_order");
            assertThat(item.getString("arguments")).isEmpty();
            String callId = item.getString("call_id");
            assertThat(callId).startsWith("call_");
            StringBuilder streamed = new StringBuilder();
            for (JsonObject d : call.subList(4, 7)) {
                assertThat(d.getString("call_id")).isEqualTo(callId);
                assertThat(d.getString("item_id")).isEqualTo(item.getString("id"));
                streamed.append(d.getString("delta"));
            }
            assertThat(streamed).hasToString(args);
            assertThat(call.get(7).getString("arguments")).isEqualTo(args); // a JSON string, not an object (doc §4)
            assertThat(call.get(7).getString("name")).isEqualTo("lookup_order");
            JsonObject done = call.getLast().getJsonObject("response");
            assertThat(done.getString("status")).isEqualTo("completed");
            assertThat(done.getJsonArray("output").getJsonObject(0).getString("arguments")).isEqualTo(args);

            // An output for a call the model never made is refused (ASSUMED error), and changes nothing.
            client.send(output("call_unknown"));
            assertThat(client.next().getJsonObject("error").getString("param")).isEqualTo("item.call_id");

            client.send(output(callId));
            JsonObject added = client.next();
            assertThat(added.getString("type")).isEqualTo("conversation.item.added");
            assertThat(added.getString("previous_item_id")).isEqualTo(item.getString("id"));
            assertThat(added.getJsonObject("item").getString("call_id")).isEqualTo(callId);
            assertThat(client.next().getString("type")).isEqualTo("conversation.item.done");

            // Doc §5 step 4: the server does not continue by itself; only response.create brings the spoken answer.
            client.send("response.create");
            List<JsonObject> answer = client.until("response.done");
            assertThat(answer.getFirst().getString("type")).isEqualTo("response.created"); // nothing came unasked before it
            assertThat(answer.getLast().getJsonObject("response").getString("status")).isEqualTo("completed");
            assertThat(answer.stream().filter(e -> e.getString("type").equals("response.output_audio_transcript.done"))
                    .map(e -> e.getString("transcript"))).containsExactly("Your order has shipped.");
            assertThat(fake.awaitSession(0).timeline().lines()).containsSubsequence(
                    "→ response.function_call_arguments.done", "→ response.done",
                    "← conversation.item.create", "→ conversation.item.added", "→ conversation.item.done",
                    "← response.create", "→ response.created");
        }
    }

    @Test
    void aSecondResponseCreateWhileOneIsActiveIsRefused() {
        fake.script().respond(ScriptedResponse.functionCall("lookup_order", "{}").holdAfter(1));
        try (RealtimeTestClient client = telephonyClient(500)) {
            client.send("response.create");
            String responseId = client.nextOf("response.created").getJsonObject("response").getString("id");
            client.nextOf("response.function_call_arguments.delta");
            client.send("response.create");
            JsonObject error = client.nextOf("error").getJsonObject("error");
            assertThat(error.getString("code")).isEqualTo("conversation_already_has_active_response");
            assertThat(error.getString("message")).contains(responseId);
            // Cancelling a call still closes its arguments (doc §4: done is also sent when cancelled).
            client.send("response.cancel");
            assertThat(RealtimeTestClient.types(client.until("response.done"))).containsExactly("response.function_call_arguments.done", "response.done");
        }
    }

    @Test
    void oneResponseCanSpeakAndCallAToolAsTwoOutputItemsInEitherOrder() {
        fake.script().respond(
                ScriptedResponse.audio(ulaw(200, 0x55), "Done, goodbye!").withFunctionCall("end_call", "{}").withArgumentChunks(1),
                ScriptedResponse.audio(ulaw(200, 0x55), "Done, goodbye!").withFunctionCall("end_call", "{}").withArgumentChunks(1)
                        .callingFirst());
        try (RealtimeTestClient client = telephonyClient(500)) {
            client.send("response.create");
            List<JsonObject> audioFirst = client.until("response.done");
            List<String> audioItem = List.of("response.output_item.added", "conversation.item.added", "response.content_part.added",
                    "response.output_audio.delta", "response.output_audio_transcript.delta",
                    "response.output_audio.delta", "response.output_audio_transcript.delta",
                    "response.output_audio.done", "response.output_audio_transcript.done", "response.content_part.done",
                    "response.output_item.done", "conversation.item.done");
            List<String> callItem = List.of("response.output_item.added", "conversation.item.added",
                    "response.function_call_arguments.delta", "response.function_call_arguments.done",
                    "response.output_item.done", "conversation.item.done");
            List<String> expected = new java.util.ArrayList<>(List.of("response.created", "rate_limits.updated"));
            expected.addAll(audioItem);
            expected.addAll(callItem);
            expected.add("response.done");
            assertThat(RealtimeTestClient.types(audioFirst)).containsExactlyElementsOf(expected);
            JsonObject done = audioFirst.getLast().getJsonObject("response");
            assertThat(done.getJsonArray("output").stream().map(o -> ((JsonObject) o).getString("type"))).containsExactly("message", "function_call");
            // Every event names the output item it belongs to.
            for (JsonObject e : audioFirst) {
                if (e.getString("type").startsWith("response.function_call")) assertThat(e.getInteger("output_index")).isEqualTo(1);
                if (e.getString("type").startsWith("response.output_audio")) assertThat(e.getInteger("output_index")).isZero();
            }

            client.send("response.create");
            List<JsonObject> callFirst = client.until("response.done");
            expected = new java.util.ArrayList<>(List.of("response.created", "rate_limits.updated"));
            expected.addAll(callItem);
            expected.addAll(audioItem);
            expected.add("response.done");
            assertThat(RealtimeTestClient.types(callFirst)).containsExactlyElementsOf(expected);
            assertThat(callFirst.getLast().getJsonObject("response").getJsonArray("output").stream()
                    .map(o -> ((JsonObject) o).getString("type"))).containsExactly("function_call", "message");
        }
    }

    @Test
    void aStalledModelReadsResponseCreateAndNeverAnswers() throws Exception {
        fake.script().answerResponseCreates(1);
        try (RealtimeTestClient client = telephonyClient(500)) {
            client.send("response.create");
            client.until("response.done");
            client.send("response.create");
            FakeRealtimeSession session = fake.awaitSession(0);
            org.awaitility.Awaitility.await().until(() -> session.timeline().all("response.create").size() == 2);
            Thread.sleep(300);
            assertThat(session.timeline().all("response.created")).hasSize(1);
        }
    }

    private static JsonObject output(String callId) {
        return new JsonObject().put("type", "conversation.item.create").put("item", new JsonObject()
                .put("type", "function_call_output").put("call_id", callId).put("output", "{\"status\":\"shipped\"}"));
    }
}
