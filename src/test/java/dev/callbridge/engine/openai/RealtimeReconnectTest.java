package dev.callbridge.engine.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.agent.RealtimeAgent;
import dev.callbridge.call.EndReason;
import dev.callbridge.call.TranscriptEntry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An upstream socket that drops mid-call is replaced the way a rollover replaces it: a new
 * session with the conversation so far, the caller's audio from the gap queued rather than lost.
 * Only when no session can be opened does the caller hear the fallback.
 */
class RealtimeReconnectTest extends RealtimeAgentHarness {
    {
        timing = new RealtimeAgent.Timing(Duration.ofMinutes(55), Duration.ofMinutes(3),
                List.of(Duration.ZERO, Duration.ofMillis(100), Duration.ofMillis(100)), Duration.ofSeconds(30), Duration.ofSeconds(30));
    }

    @Test
    void aDroppedSessionIsReopenedWithTheConversationAndTheGapsAudio() throws Exception {
        fake.script().speech(200, 800, "I'd like to book a table")
                .respond(ScriptedResponse.audio(ulaw(400, 0x33), "Sure, for when?").withChunkMs(100));
        RealtimeAgent agent = startedHearingAll(null);
        callerSends(agent, 75);
        await().until(() -> call.transcript.size() == 2);
        FakeRealtimeSession first = fake.awaitSession(0);
        await().until(() -> first.timeline().appendsReceived() == 75);

        fake.refuseConnections(true); // the first attempt fails: audio keeps queueing through the back-off
        first.drop();
        await().until(() -> metrics.contains("reconnect"));
        callerSends(agent, 20);
        fake.refuseConnections(false);
        FakeRealtimeSession second = fake.awaitSession(1);
        await().until(() -> second.timeline().appendsReceived() == 20);
        assertThat(second.timeline().all("conversation.item.create")).extracting(
                e -> e.getJsonObject("item").getJsonArray("content").getJsonObject(0).getString("text"))
                .containsExactly("I'd like to book a table", "Sure, for when?");
        // Replay first, then the audio: the model hears the new words in context.
        List<String> lines = second.timeline().lines();
        assertThat(lines.indexOf("← conversation.item.create")).isLessThan(lines.indexOf("← input_audio_buffer.append"));
        assertThat(second.timeline().all("response.create")).as("it was idle when it dropped").isEmpty();
        callerSends(agent, 5);
        await().until(() -> second.timeline().appendsReceived() == 25);
        assertThat(call.hangups).isEmpty();
        assertThat(call.errors).singleElement().asString().startsWith("realtime_reconnecting");
        assertThat(metrics).containsOnlyOnce("reconnect").doesNotContain("upstream dropped");
        onCall(() -> {
            agent.stop(EndReason.CALLER_HANGUP);
            return null;
        });
        assertThat(call.stats.upstreamReconnects()).isEqualTo(1);
        assertThat(call.stats.sessionRollovers()).isZero();
    }

    @Test
    void aDropMidAnswerKeepsWhatWasSaidAndTheNewSessionFinishesIt() throws Exception {
        fake.script().respond(ScriptedResponse.audio(ulaw(1000, 0x21), "Our opening hours are nine to five, Monday to Friday.")
                .withChunkMs(100).holdAfter(4));
        started("hours");
        await().until(() -> leg.played.size() == 4);
        fake.awaitSession(0).drop();
        FakeRealtimeSession second = fake.awaitSession(1);
        await().until(() -> !second.timeline().all("response.create").isEmpty());
        TranscriptEntry cut = call.transcript.stream().filter(TranscriptEntry::interrupted).findFirst().orElseThrow();
        assertThat("Our opening hours are nine to five, Monday to Friday.").startsWith(cut.text());
        assertThat(second.timeline().all("conversation.item.create")).extracting(e -> e.getJsonObject("item").getString("role"))
                .containsExactly("assistant");
        assertThat(leg.clears).as("what the caller already has keeps playing").isEmpty();
    }

    @Test
    void aSessionThatHitsTheCapIsReplacedTheSameWay() throws Exception {
        fake.sessionCap(Duration.ofMillis(600), (short) 1000);
        RealtimeAgent agent = started(null);
        await().until(() -> metrics.contains("reconnect"));
        assertThat(fake.awaitSession(0).timeline().all("error")).extracting(e -> e.getJsonObject("error").getString("code"))
                .containsExactly("session_expired");
        FakeRealtimeSession second = fake.awaitSession(1);
        callerSends(agent, 10);
        await().until(() -> second.timeline().appendsReceived() == 10);
        assertThat(call.hangups).isEmpty();
    }

    @Test
    void whenNoSessionCanBeReopenedTheCallerHearsTheFallbackAndTheCallEnds() throws Exception {
        started(null);
        fake.refuseConnections(true);
        fake.awaitSession(0).drop();
        await().until(() -> !call.hangups.isEmpty());
        assertThat(call.hangups.get(0).code()).isEqualTo("upstream-closed");
        assertThat(call.hangups.get(0).failure()).isTrue();
        assertThat(fake.handshakes()).hasSize(4); // the first session and three attempts
        assertThat(metrics).containsExactly("reconnect", "upstream dropped");
        assertThat(leg.played).singleElement().satisfies(c -> assertThat(c.data()).isEqualTo(fallback.data()));
    }
}
