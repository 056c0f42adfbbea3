package dev.callbridge.engine.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.agent.RealtimeAgent;
import dev.callbridge.call.EndReason;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code end_call} ends the call once the caller has heard the goodbye, and never later than the
 * bound: whether the model said the goodbye in the same response as the call (in either item
 * order) or only when asked after it; and whether or not the model and the leg ever answer.
 */
class EndCallAfterSpokenGoodbyeTest extends RealtimeAgentHarness {
    private static final Duration BOUND = Duration.ofMillis(800);

    {
        timing = RealtimeAgent.Timing.DEFAULTS.withEndCallWithin(BOUND);
    }

    private static ScriptedResponse goodbyeAndEndCall(boolean callFirst) {
        ScriptedResponse r = ScriptedResponse.audio(ulaw(300, 0x44), "Done, goodbye!").withChunkMs(100).withFunctionCall("end_call", "{}");
        return callFirst ? r.callingFirst() : r;
    }

    private List<Object> tags() {
        return leg.tags.stream().filter(Objects::nonNull).toList();
    }

    private void hear(Object tag) throws Exception {
        onCall(() -> {
            agentUnderTest.onHeard(leg, tag);
            return null;
        });
    }

    private RealtimeAgent agentUnderTest;

    /** The caller says "that's all, bye"; server VAD answers with the scripted response(s). */
    private FakeRealtimeSession callerSaysBye() throws Exception {
        agentUnderTest = started(null);
        callerSends(agentUnderTest, 60);
        return fake.awaitSession(0);
    }

    @ParameterizedTest(name = "function call first: {0}")
    @ValueSource(booleans = {false, true})
    void aGoodbyeSpokenWithTheCallIsHeardThenTheCallEndsAndNothingMoreIsAsked(boolean callFirst) throws Exception {
        fake.script().speech(200, 600, "that's all, bye").respond(goodbyeAndEndCall(callFirst));
        FakeRealtimeSession session = callerSaysBye();
        await().until(() -> call.tools.size() == 1);
        assertThat(call.tools).singleElement().asString().startsWith("end_call {} → ");
        // Both items reached the agent in one response, in the order scripted.
        List<String> added = session.timeline().all("response.output_item.added").stream()
                .map(e -> e.getJsonObject("item").getString("type")).toList();
        assertThat(added).containsExactly(callFirst ? "function_call" : "message", callFirst ? "message" : "function_call");
        await().until(() -> tags().size() == 3); // 100, 200 ms and the end at 300 ms

        hear(tags().get(0));
        hear(tags().get(1));
        assertThat(call.hangups).as("two of three goodbye tags heard").isEmpty();
        hear(tags().get(2));
        assertThat(call.hangups).containsExactly(EndReason.AGENT_HANGUP);

        // Past the bound: still one hang-up, and the model was never asked for another answer.
        Thread.sleep(BOUND.toMillis() + 300);
        assertThat(call.hangups).containsExactly(EndReason.AGENT_HANGUP);
        assertThat(session.timeline().all("response.create")).isEmpty();
        assertThat(session.timeline().all("response.done")).hasSize(1);
        assertThat(leg.clears).isEmpty();
    }

    @Test
    void withoutAudioTheModelIsAskedOnceForAGoodbyeAndTheCallEndsWhenItIsHeard() throws Exception {
        timing = RealtimeAgent.Timing.DEFAULTS; // the default bound: this test must not race it
        fake.script().speech(200, 600, "that's all, bye")
                .respond(ScriptedResponse.functionCall("end_call", "{}"),
                        ScriptedResponse.audio(ulaw(300, 0x44), "Goodbye, have a nice day!").withChunkMs(100));
        FakeRealtimeSession session = callerSaysBye();
        await().until(() -> session.timeline().all("response.done").size() == 2);
        assertThat(session.timeline().all("response.create")).hasSize(1);
        assertThat(session.timeline().all("conversation.item.create")).hasSize(1);
        await().until(() -> tags().size() == 3);

        hear(tags().get(0));
        hear(tags().get(1));
        assertThat(call.hangups).as("two of three goodbye tags heard").isEmpty();
        hear(tags().get(2));
        assertThat(call.hangups).containsExactly(EndReason.AGENT_HANGUP);
        assertThat(metrics).contains("tool end_call ok");
    }

    @Test
    void aModelThatNeverAnswersTheRequestForAGoodbyeEndsTheCallAtTheBound() throws Exception {
        fake.script().speech(200, 600, "that's all, bye").respond(ScriptedResponse.functionCall("end_call", "{}"))
                .answerResponseCreates(0);
        FakeRealtimeSession session = callerSaysBye();
        await().until(() -> call.tools.size() == 1);
        await().until(() -> session.timeline().all("response.create").size() == 1);

        await().atMost(Duration.ofSeconds(5)).until(() -> !call.hangups.isEmpty());
        // Both instants are taken where they happen, not where a poll noticed them.
        assertThat((call.hangupNanos - call.toolInvokedNanos) / 1_000_000).isGreaterThanOrEqualTo(BOUND.toMillis());
        assertThat(call.hangups).singleElement().satisfies(r -> {
            assertThat(r.code()).isEqualTo("agent-hangup-timeout");
            assertThat(r.detail()).startsWith("the model gave no goodbye within 800 ms");
            assertThat(r.failure()).isFalse();
        });
        assertThat(session.timeline().all("response.done")).hasSize(1);
    }

    @Test
    void aGoodbyeWhoseMarksNeverComeBackEndsTheCallAtTheBound() throws Exception {
        fake.script().speech(200, 600, "that's all, bye").respond(goodbyeAndEndCall(false));
        FakeRealtimeSession session = callerSaysBye();
        await().until(() -> call.tools.size() == 1);
        await().until(() -> tags().size() == 3);
        hear(tags().get(0)); // the first 100 ms come back, then nothing more

        await().atMost(Duration.ofSeconds(5)).until(() -> !call.hangups.isEmpty());
        assertThat(call.hangups).singleElement().satisfies(r -> {
            assertThat(r.code()).isEqualTo("agent-hangup-timeout");
            assertThat(r.detail()).startsWith("the caller's leg did not confirm the goodbye as heard within 800 ms");
        });
        assertThat(leg.clears).as("what is still queued is not waited for").hasSize(1);
        assertThat(session.timeline().all("response.create")).isEmpty();
    }

    @Test
    void aCallerWhoCutsTheGoodbyeOffIsHungUpOnAtOnce() throws Exception {
        fake.script().speech(200, 600, "that's all, bye").speech(1400, 1800, "wait")
                .respond(goodbyeAndEndCall(false).withChunkMs(20));
        FakeRealtimeSession session = callerSaysBye();
        await().until(() -> call.tools.size() == 1);
        await().until(() -> !tags().isEmpty());
        hear(tags().get(0));
        assertThat(call.hangups).isEmpty();
        callerSends(agentUnderTest, 40); // speech starts at 1400 ms while the goodbye still plays
        await().until(() -> !leg.clears.isEmpty());
        assertThat(call.hangups).containsExactly(EndReason.AGENT_HANGUP);
        assertThat(session.timeline().all("response.create")).isEmpty();
    }
}
