package dev.callbridge.engine.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.agent.RealtimeAgent;
import dev.callbridge.call.EndReason;
import dev.callbridge.call.TranscriptEntry;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Before the API's session cap, a fresh session takes over holding the instructions and the
 * conversation so far, at a quiet moment, and the caller notices nothing: no audio lost, no
 * silence, no prompt.
 */
class RealtimeSessionRolloverTest extends RealtimeAgentHarness {

    private void rolloverAfter(Duration after, Duration grace) {
        timing = new RealtimeAgent.Timing(after, grace, List.of(Duration.ZERO), Duration.ofSeconds(30), Duration.ofSeconds(30));
    }

    @Test
    void aFreshSessionTakesOverWithTheInstructionsAndTheConversation() throws Exception {
        rolloverAfter(Duration.ofMillis(1500), Duration.ofSeconds(10));
        fake.script().speech(200, 800, "I'd like to book a table")
                .respond(ScriptedResponse.audio(ulaw(400, 0x33), "Sure, for when?").withChunkMs(100));
        RealtimeAgent agent = startedHearingAll(null);
        callerSends(agent, 75);
        await().until(() -> call.transcript.size() == 2);
        FakeRealtimeSession first = fake.awaitSession(0);
        String userItem = first.timeline().all("input_audio_buffer.committed").get(0).getString("item_id");
        String agentItem = first.timeline().all("response.output_audio.delta").get(0).getString("item_id");

        await().atMost(Duration.ofSeconds(5)).until(() -> metrics.contains("rollover"));
        FakeRealtimeSession second = fake.awaitConfigured(1);
        assertThat(second.timeline().lines()).startsWith("→ session.created", "← session.update", "→ session.updated");
        assertThat(second.effectiveSession().getString("instructions")).isEqualTo("You are the voice agent of ACME.");
        assertThat(second.effectiveSession().getJsonArray("tools").encode()).contains("end_call");
        // The conversation, under its own item ids, as text. (The metric counts the switch; the items are still on the wire.)
        await().until(() -> second.timeline().all("conversation.item.create").size() >= 2);
        List<JsonObject> replayed = second.timeline().all("conversation.item.create").stream().map(e -> e.getJsonObject("item")).toList();
        assertThat(replayed).extracting(i -> i.getString("id"), i -> i.getString("role"),
                i -> i.getJsonArray("content").getJsonObject(0).getString("type"),
                i -> i.getJsonArray("content").getJsonObject(0).getString("text")).containsExactly(
                org.assertj.core.groups.Tuple.tuple(userItem, "user", "input_text", "I'd like to book a table"),
                org.assertj.core.groups.Tuple.tuple(agentItem, "assistant", "output_text", "Sure, for when?"));
        await().until(first::isClosed);

        // The caller's audio now goes to the new session, every frame of it.
        long before = first.timeline().appendsReceived();
        callerSends(agent, 25);
        await().until(() -> second.timeline().appendsReceived() == 25);
        assertThat(first.timeline().appendsReceived()).isEqualTo(before).isEqualTo(75L);
        assertThat(leg.clears).isEmpty();
        assertThat(leg.played).noneMatch(c -> java.util.Arrays.equals(c.data(), fallback.data()));
        assertThat(call.hangups).isEmpty();
        assertThat(call.errors).isEmpty();
        assertThat(metrics).doesNotContain("reconnect");
        onCall(() -> {
            agent.stop(EndReason.CALLER_HANGUP);
            return null;
        });
        // Every 1.5 s the live session is replaced again; a slow machine may fit a second one in.
        assertThat(call.stats.sessionRollovers()).isPositive();
        assertThat(call.stats.upstreamReconnects()).isZero();
        assertThat(call.stats.turns()).isEqualTo(1);
    }

    @Test
    void theSwitchWaitsUntilTheAgentHasFinishedItsAnswer() throws Exception {
        rolloverAfter(Duration.ofMillis(300), Duration.ofSeconds(20));
        fake.script().respond(ScriptedResponse.audio(ulaw(1000, 0x21), "Our opening hours are nine to five.")
                .withChunkMs(100).holdAfter(3));
        startedHearingAll("hours");
        FakeRealtimeSession first = fake.awaitSession(0);
        await().until(() -> leg.played.size() == 3);
        // The successor is prepared, but the answer is still in flight: no switch yet.
        FakeRealtimeSession second = fake.awaitSession(1);
        await().until(() -> second.timeline().lines().contains("→ session.updated"));
        Thread.sleep(300);
        assertThat(metrics).doesNotContain("rollover");
        assertThat(second.timeline().all("conversation.item.create")).isEmpty();
        assertThat(first.isClosed()).isFalse();

        first.resume();
        await().until(() -> metrics.contains("rollover"));
        await().until(() -> !second.timeline().all("conversation.item.create").isEmpty()); // the replay is on the wire
        assertThat(leg.played).hasSize(10); // the whole answer, from the old session
        assertThat(call.transcript).extracting(TranscriptEntry::text).containsExactly("Our opening hours are nine to five.");
        assertThat(second.timeline().all("conversation.item.create")).extracting(e -> e.getJsonObject("item").getString("role"))
                .containsExactly("assistant");
        assertThat(second.timeline().all("response.create")).as("nothing was cut short, nothing to redo").isEmpty();
    }

    @Test
    void withNoQuietMomentTheGraceRunsOutAndTheNewSessionFinishesTheAnswer() throws Exception {
        rolloverAfter(Duration.ofMillis(300), Duration.ofMillis(400));
        fake.script().respond(ScriptedResponse.audio(ulaw(1000, 0x21), "Our opening hours are nine to five.")
                .withChunkMs(100).holdAfter(3));
        started("hours");
        await().until(() -> metrics.contains("rollover"));
        FakeRealtimeSession second = fake.awaitSession(1);
        await().until(() -> !second.timeline().all("response.create").isEmpty());
        await().until(fake.awaitSession(0)::isClosed); // the close is on its way as the new session takes over
        assertThat(call.hangups).isEmpty();
    }
}
