package dev.callbridge.agent.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.engine.llm.FakeChatCompletions;
import dev.callbridge.engine.stt.FakeTranscriptions;
import dev.callbridge.it.Calls;
import dev.callbridge.it.FakeTwilioApi;
import dev.callbridge.it.RawTwilioStream;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model tells the caller and calls {@code transfer_call}: the live call is redirected through
 * Twilio's REST API to a {@code <Dial>}, the model gets the result after its call, and once Twilio
 * ends the stream the record says where the call went.
 */
class PipelineTransferCallRedirectsThroughTwilioTest {
    @TempDir
    Path dir;

    @Test
    void theLiveCallIsRedirectedToTheNumberAndRecordedAsTransferred() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (FakeTwilioApi twilioApi = new FakeTwilioApi(vertx, "tw-token");
             PipelineCall call = new PipelineCall(dir, "TWILIO_ACCOUNT_SID", FakeTwilioApi.ACCOUNT_SID, "TWILIO_AUTH_TOKEN", "tw-token",
                     "TWILIO_API_URL", twilioApi.url())) {
            call.stt.enqueue(FakeTranscriptions.Reply.text("Can I talk to a person?"));
            call.llm.enqueue(FakeChatCompletions.Reply.stream(81).text("Of course, ", "putting you through.")
                    .toolStart(0, "call_t1", "transfer_call").toolArgs(0, "{\"to\":\"+1555").toolArgs(0, "0001111\"}").finish("tool_calls"));
            call.llm.enqueue(FakeChatCompletions.Reply.stream(82).text("Transferring you now.").finish("stop"));
            call.tts.enqueue(PipelineCall.voice(83, 400)).enqueue(PipelineCall.voice(84, 300));
            call.say("Can I talk to a person?", 900);

            // The redirect ends the stream, so it waits until the caller has heard "putting you through".
            await().atMost(Duration.ofSeconds(20)).until(() -> call.tts.served().size() == 1 && call.marks().size() >= 4);
            Thread.sleep(300); // time enough for a redirect that did not wait
            assertThat(twilioApi.callUpdates).as("the announcement is still playing").isEmpty();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                call.hearAll();
                return !twilioApi.callUpdates.isEmpty();
            });
            assertThat(twilioApi.callUpdates).singleElement().asString()
                    .startsWith(RawTwilioStream.CALL_SID + " Twiml=").contains("<Dial><Number>+15550001111</Number></Dial>");
            await().atMost(Duration.ofSeconds(20)).until(() -> call.llm.served().size() == 2);
            assertThat(call.conversation(1)).containsExactly(
                    "system",
                    "user: Can I talk to a person?",
                    "assistant: Of course, putting you through. +call call_t1 transfer_call({\"to\":\"+15550001111\"})",
                    "tool call_t1: {\"status\":\"transferring\",\"to\":\"+15550001111\"}");

            // Twilio runs the new TwiML: the stream stops.
            call.hearAll();
            call.twilio.stop(900, RawTwilioStream.STREAM_SID);
            JsonNode record = Calls.awaitStatus(call.gw, call.callId, "completed");
            assertThat(record.path("endReason").asText()).isEqualTo("transferred: +15550001111");
        } finally {
            vertx.close().await();
        }
    }

    /** Twilio never confirms the announcement (a broken stream): the transfer still happens, within the end-call bound. */
    @Test
    void aTransferWhoseAnnouncementIsNeverConfirmedStillHappens() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (FakeTwilioApi twilioApi = new FakeTwilioApi(vertx, "tw-token");
             PipelineCall call = new PipelineCall(dir, "TWILIO_ACCOUNT_SID", FakeTwilioApi.ACCOUNT_SID, "TWILIO_AUTH_TOKEN", "tw-token",
                     "TWILIO_API_URL", twilioApi.url())) {
            call.stt.enqueue(FakeTranscriptions.Reply.text("Can I talk to a person?"));
            call.llm.enqueue(FakeChatCompletions.Reply.stream(91).text("Putting you through.")
                    .toolStart(0, "call_t2", "transfer_call").toolArgs(0, "{\"to\":\"+15550001111\"}").finish("tool_calls"));
            call.llm.enqueue(FakeChatCompletions.Reply.stream(92).text("Transferring you now.").finish("stop"));
            call.tts.enqueue(PipelineCall.voice(93, 400)).enqueue(PipelineCall.voice(94, 300));
            call.say("Can I talk to a person?", 900);

            await().atMost(Duration.ofSeconds(20)).until(() -> call.tts.served().size() == 1 && call.marks().size() >= 4);
            long announced = System.nanoTime();
            await().atMost(Duration.ofSeconds(25)).until(() -> !twilioApi.callUpdates.isEmpty());
            assertThat(Duration.ofNanos(System.nanoTime() - announced)).as("held for the heard marks, up to the bound")
                    .isGreaterThan(Duration.ofSeconds(5));
            assertThat(twilioApi.callUpdates).singleElement().asString().contains("<Dial><Number>+15550001111</Number></Dial>");
        } finally {
            vertx.close().await();
        }
    }
}
