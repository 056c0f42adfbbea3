package dev.callbridge.engine.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.callbridge.agent.AgentTool;
import dev.callbridge.agent.CallContext;
import dev.callbridge.agent.RealtimeAgent;
import dev.callbridge.agent.SpokenPrompt;
import dev.callbridge.call.TranscriptEntry;
import dev.callbridge.engine.FunctionTool;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** While a slow tool runs the caller hears "one moment, please", repeated, never dead air; a quick tool gets none. */
class SlowToolFillerTest extends RealtimeAgentHarness {
    private final SpokenPrompt oneMoment = SpokenPrompt.oneMoment();
    private long toolMillis;

    {
        timing = new RealtimeAgent.Timing(Duration.ofMinutes(55), Duration.ofMinutes(3), List.of(Duration.ZERO),
                Duration.ofMillis(200), Duration.ofMillis(400));
    }

    /** Looks an order up in {@code toolMillis}, as a slow backend would. */
    private final AgentTool lookup = new AgentTool() {
        public FunctionTool definition() {
            return new FunctionTool("lookup_order", "Find an order", new ObjectMapper().createObjectNode().put("type", "object"));
        }

        public Future<Result> call(JsonNode arguments, CallContext call) {
            Promise<Result> done = Promise.promise();
            call.context().owner().setTimer(Math.max(1, toolMillis), t -> done.complete(Result.of("{\"status\":\"shipped\"}")));
            return done.future();
        }
    };

    @Override
    List<AgentTool> tools() {
        return List.of(lookup);
    }

    private long fillersPlayed() {
        return leg.played.stream().filter(c -> Arrays.equals(c.data(), oneMoment.audio().data())).count();
    }

    private void aTurnThatCallsTheTool() throws Exception {
        fake.script().speech(200, 600, "where is my order")
                .respond(ScriptedResponse.functionCall("lookup_order", "{}"),
                        ScriptedResponse.audio(ulaw(200, 0x44), "It has shipped.").withChunkMs(100));
        RealtimeAgent agent = startedHearingAll(null);
        callerSends(agent, 60);
    }

    @Test
    void aSlowToolGetsOneMomentPleaseUntilItAnswers() throws Exception {
        toolMillis = 1500; // fillers due at 200, 600, 1000 and 1400 ms
        aTurnThatCallsTheTool();
        await().until(() -> call.transcript.stream().anyMatch(e -> e.text().equals("It has shipped.")));
        long fillers = fillersPlayed();
        assertThat(fillers).isBetween(2L, 4L);
        assertThat(call.transcript).extracting(TranscriptEntry::text).filteredOn(oneMoment.text()::equals).hasSize((int) fillers);
        // The fillers came before the answer, and stop once the tool has answered.
        int firstAnswerChunk = leg.played.size() - 2;
        assertThat(leg.played.subList(0, firstAnswerChunk)).allMatch(c -> Arrays.equals(c.data(), oneMoment.audio().data()));
        Thread.sleep(600);
        assertThat(fillersPlayed()).isEqualTo(fillers);
        assertThat(call.tools).singleElement().asString().startsWith("lookup_order {} → ");
        // The tool call is in the transcript too, between the fillers and the answer.
        assertThat(call.transcript).filteredOn(e -> e.kind() == TranscriptEntry.Kind.TOOL).singleElement()
                .extracting(TranscriptEntry::text).isEqualTo("lookup_order {} → {\"status\":\"shipped\"}");
    }

    @Test
    void aQuickToolNeedsNoFiller() throws Exception {
        toolMillis = 10;
        aTurnThatCallsTheTool();
        await().until(() -> call.transcript.stream().anyMatch(e -> e.text().equals("It has shipped.")));
        Thread.sleep(400);
        assertThat(fillersPlayed()).isZero();
        assertThat(call.transcript).extracting(TranscriptEntry::text).doesNotContain(oneMoment.text());
    }
}
