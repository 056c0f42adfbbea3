package dev.callbridge.engine.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.agent.AgentMetrics;
import dev.callbridge.agent.CallContext;
import dev.callbridge.agent.EndCallTool;
import dev.callbridge.agent.SendDtmfTool;
import dev.callbridge.agent.TransferCallTool;
import dev.callbridge.audio.Wav;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import dev.callbridge.agent.RealtimeAgent;
import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.call.CallRecord;
import dev.callbridge.call.Direction;
import dev.callbridge.call.EndReason;
import dev.callbridge.call.Leg;
import dev.callbridge.call.LegListener;
import dev.callbridge.call.TranscriptEntry;
import dev.callbridge.config.Secret;
import dev.callbridge.engine.openai.RealtimeSessionConfig.TurnDetection;
import io.vertx.core.Context;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The realtime agent against the protocol-faithful fake: session set-up, μ-law pass-through,
 * the greeting, a voice turn with both transcripts, and barge-in truncated at exactly what the
 * caller heard (acknowledged tags, never a clock).
 */
class RealtimeAgentTest extends RealtimeAgentHarness {
    @Test
    void theSessionIsSetUpForTelephony() throws Exception {
        started(null);
        var handshake = fake.handshakes().get(0);
        assertThat(handshake.model()).isEqualTo("gpt-realtime");
        assertThat(handshake.headers().get("Authorization")).isEqualTo("Bearer sk-test");
        // Ready once the update is sent (CallerAudioStreamsBeforeSessionUpdatedTest); the fake's answer follows.
        FakeRealtimeSession session = fake.awaitConfigured(0);
        assertThat(session.timeline().lines()).startsWith("→ session.created", "← session.update", "→ session.updated");
        JsonObject effective = session.effectiveSession();
        assertThat(effective.getJsonObject("audio").getJsonObject("input").getJsonObject("format").getString("type"))
                .isEqualTo("audio/pcmu");
        assertThat(effective.getJsonObject("audio").getJsonObject("output").getJsonObject("format").getString("type"))
                .isEqualTo("audio/pcmu");
        assertThat(effective.getJsonObject("audio").getJsonObject("input").getJsonObject("transcription").getString("model"))
                .isEqualTo("gpt-4o-mini-transcribe");
        assertThat(effective.getString("instructions")).isEqualTo("You are the voice agent of ACME.");
    }

    @Test
    void callerAudioGoesUpstreamUntouchedFromTheFirstFrame() throws Exception {
        RealtimeAgent agent = started(null);
        List<String> sent = new ArrayList<>();
        onCall(() -> {
            for (int i = 0; i < 10; i++) {
                byte[] frame = ulaw(20, 0x70 + i);
                sent.add(Base64.getEncoder().encodeToString(frame));
                agent.onAudio(leg, new AudioChunk(AudioFormat.PCMU_8K, frame));
            }
            return null;
        });
        FakeRealtimeSession session = fake.awaitSession(0);
        await().until(() -> session.timeline().appendsReceived() == 10);
        assertThat(session.timeline().all("input_audio_buffer.append")).extracting(j -> j.getString("audio"))
                .containsExactlyElementsOf(sent);
    }

    @Test
    void theGreetingIsSpokenFirstAndTranscribed() throws Exception {
        byte[] hello = ulaw(600, 0x42);
        fake.script().respond(ScriptedResponse.audio(hello, "Welcome to ACME, how can I help?").withChunkMs(100));
        startedHearingAll("Welcome to ACME, how can I help?");
        await().until(() -> call.transcript.size() == 1);
        assertThat(leg.bytesPlayed()).isEqualTo(hello.length);
        assertThat(leg.played).allMatch(c -> c.format().equals(AudioFormat.PCMU_8K));
        TranscriptEntry said = call.transcript.get(0);
        assertThat(said.speaker()).isEqualTo(TranscriptEntry.Speaker.AGENT);
        assertThat(said.direction()).isEqualTo(Direction.OUTBOUND);
        assertThat(said.text()).isEqualTo("Welcome to ACME, how can I help?");
        assertThat(said.startMs()).as("when its audio began, for seeking the recording").isNotNull().isLessThanOrEqualTo(said.endMs());
        assertThat(said.interrupted()).isFalse();
        assertThat(fake.awaitSession(0).timeline().all("response.create")).hasSize(1);
    }

    @Test
    void aVoiceTurnIsAnsweredAndBothSidesAreTranscribed() throws Exception {
        fake.script().speech(200, 800, "I'd like to book a table")
                .respond(ScriptedResponse.audio(ulaw(400, 0x33), "Sure, for when?").withChunkMs(100));
        RealtimeAgent agent = startedHearingAll(null);
        onCall(() -> {
            for (int i = 0; i < 75; i++) agent.onAudio(leg, new AudioChunk(AudioFormat.PCMU_8K, ulaw(20, 0xFF)));
            return null;
        });
        await().until(() -> call.transcript.size() == 2);
        assertThat(call.transcript).extracting(TranscriptEntry::speaker, TranscriptEntry::text).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(TranscriptEntry.Speaker.CALLER, "I'd like to book a table"),
                org.assertj.core.groups.Tuple.tuple(TranscriptEntry.Speaker.AGENT, "Sure, for when?"));
        assertThat(leg.bytesPlayed()).isEqualTo(400 * 8);
        assertThat(metrics).containsExactly("latency true");
    }

    @Test
    void modelAudioIsTaggedEveryHundredMillisecondsAndAtTheEndOfTheAnswer() throws Exception {
        fake.script().respond(ScriptedResponse.audio(ulaw(250, 0x42), "Welcome.").withChunkMs(20));
        startedHearingAll("Welcome.");
        await().until(() -> call.transcript.size() == 1);
        await().until(() -> leg.tags.stream().filter(java.util.Objects::nonNull).count() == 3);
        // 20 ms chunks: tags after 100 and 200 ms, then an empty chunk tags the end at 250 ms.
        List<Long> tagged = new ArrayList<>();
        long played = 0;
        for (int i = 0; i < leg.played.size(); i++) {
            played += leg.played.get(i).data().length / 8;
            if (leg.tags.get(i) != null) tagged.add(played);
        }
        assertThat(tagged).containsExactly(100L, 200L, 250L);
        assertThat(leg.played.getLast().data()).isEmpty();
        assertThat(leg.bytesPlayed()).isEqualTo(250 * 8);
    }

    @Test
    void callerAudioCanGoUpInBatches() throws Exception {
        timing = new RealtimeAgent.Timing(Duration.ofMinutes(55), Duration.ofMinutes(3), List.of(Duration.ZERO),
                Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofMillis(100));
        RealtimeAgent agent = started(null);
        java.io.ByteArrayOutputStream sent = new java.io.ByteArrayOutputStream();
        onCall(() -> {
            for (int i = 0; i < 12; i++) {
                byte[] frame = ulaw(20, 0x10 + i);
                sent.writeBytes(frame);
                agent.onAudio(leg, new AudioChunk(AudioFormat.PCMU_8K, frame));
            }
            return null;
        });
        FakeRealtimeSession session = fake.awaitSession(0);
        await().until(() -> session.timeline().appendsReceived() == 2); // 240 ms: two 100 ms appends, 40 ms waiting
        byte[] up = session.timeline().all("input_audio_buffer.append").stream()
                .map(j -> Base64.getDecoder().decode(j.getString("audio"))).reduce(new byte[0], (a, b) -> {
                    byte[] c = Arrays.copyOf(a, a.length + b.length);
                    System.arraycopy(b, 0, c, a.length, b.length);
                    return c;
                });
        assertThat(up).isEqualTo(Arrays.copyOf(sent.toByteArray(), 1600));
    }

    @Test
    void bargeInTruncatesAtExactlyWhatTheCallerHeard() throws Exception {
        // A 1 s answer in 100 ms chunks, held after 5 so it is still in flight when the caller speaks.
        fake.script().respond(ScriptedResponse.audio(ulaw(1000, 0x21), "Our opening hours are nine to five, Monday to Friday.")
                .withChunkMs(100).holdAfter(5)).speech(400, 900, "wait");
        RealtimeAgent agent = started("hours");
        await().until(() -> leg.played.size() == 5);
        // Twilio has acknowledged the first three chunks' marks: 300 ms heard.
        onCall(() -> {
            for (int i = 0; i < 3; i++) agent.onHeard(leg, leg.tags.get(i));
            return null;
        });
        onCall(() -> {
            for (int i = 0; i < 30; i++) agent.onAudio(leg, new AudioChunk(AudioFormat.PCMU_8K, ulaw(20, 0xFF)));
            return null;
        });
        FakeRealtimeSession session = fake.awaitSession(0);
        await().until(() -> !session.truncations().isEmpty());
        var truncation = session.truncations().get(0);
        assertThat(truncation.audioEndMs()).isEqualTo(300);
        assertThat(truncation.contentIndex()).isZero();
        assertThat(truncation.accepted()).isTrue();
        assertThat(leg.clears).containsExactly("clear after 5");
        assertThat(metrics).contains("barge-in");
        assertThat(session.timeline().all("response.cancel")).hasSize(1);
        await().until(() -> session.timeline().all("response.done").stream()
                .anyMatch(d -> "cancelled".equals(d.getJsonObject("response").getString("status"))));
        assertThat(leg.played).hasSize(5); // nothing of the cut-off answer is played after the barge-in
        await().until(() -> call.transcript.stream().anyMatch(TranscriptEntry::interrupted));
        TranscriptEntry cut = call.transcript.stream().filter(TranscriptEntry::interrupted).findFirst().orElseThrow();
        assertThat(cut.speaker()).isEqualTo(TranscriptEntry.Speaker.AGENT);
        // Only the heard part: the transcript as the server cut it at 300 of the 500 ms it had sent.
        String itemId = truncation.itemId();
        assertThat(session.timeline().all("conversation.item.retrieve")).extracting(e -> e.getString("item_id")).containsExactly(itemId);
        String serverCut = session.conversationItems().stream().filter(i -> itemId.equals(i.getString("id"))).findFirst().orElseThrow()
                .getJsonArray("content").getJsonObject(0).getString("transcript");
        assertThat(cut.text()).isEqualTo(serverCut.strip()).isNotEmpty();
        assertThat("Our opening hours are nine to five, Monday to Friday.").startsWith(cut.text()).isNotEqualTo(cut.text());
        assertThat(call.transcript).filteredOn(e -> e.speaker() == TranscriptEntry.Speaker.AGENT).hasSize(1);
    }

    @Test
    void aToolTheModelInventsIsAnsweredWithAReadableError() throws Exception {
        fake.script().speech(200, 600, "beam me up")
                .respond(ScriptedResponse.functionCall("teleport", "{\"where\":\"\\\"orbit\\\"\"}"),
                        ScriptedResponse.audio(ulaw(100, 0x44), "I can't do that.").withChunkMs(100));
        RealtimeAgent agent = started(null);
        onCall(() -> {
            for (int i = 0; i < 60; i++) agent.onAudio(leg, new AudioChunk(AudioFormat.PCMU_8K, ulaw(20, 0xFF)));
            return null;
        });
        await().until(() -> leg.played.size() == 1);
        String output = fake.awaitSession(0).timeline().all("conversation.item.create").get(0)
                .getJsonObject("item").getString("output");
        assertThat(new JsonObject(output).getString("error")).isEqualTo("no tool named teleport");
        assertThat(metrics).contains("tool teleport error");
    }

    @Test
    void transferCallHandsTheCallerToTheNumberTheModelNames() throws Exception {
        fake.script().speech(200, 600, "a human please")
                .respond(ScriptedResponse.functionCall("transfer_call", "{\"to\":\"+15550001111\"}"),
                        ScriptedResponse.audio(ulaw(100, 0x44), "Transferring you.").withChunkMs(100));
        RealtimeAgent agent = started(null);
        onCall(() -> {
            for (int i = 0; i < 60; i++) agent.onAudio(leg, new AudioChunk(AudioFormat.PCMU_8K, ulaw(20, 0xFF)));
            return null;
        });
        await().until(() -> !leg.transfers.isEmpty());
        assertThat(leg.transfers).containsExactly("+15550001111");
        await().until(() -> !fake.awaitSession(0).timeline().all("conversation.item.create").isEmpty());
        String output = fake.awaitSession(0).timeline().all("conversation.item.create").get(0)
                .getJsonObject("item").getString("output");
        assertThat(new JsonObject(output).getString("status")).isEqualTo("transferring");
    }

    @Test
    void sendDtmfPressesKeysOnTheCall() throws Exception {
        fake.script().speech(200, 600, "press one two for me")
                .respond(ScriptedResponse.functionCall("send_dtmf", "{\"digits\":\"12#\"}"),
                        ScriptedResponse.audio(ulaw(100, 0x44), "Done.").withChunkMs(100));
        RealtimeAgent agent = started(null);
        onCall(() -> {
            for (int i = 0; i < 60; i++) agent.onAudio(leg, new AudioChunk(AudioFormat.PCMU_8K, ulaw(20, 0xFF)));
            return null;
        });
        await().until(() -> leg.played.size() == 1);
        assertThat(leg.dtmf).containsExactly("12#");
        String output = fake.awaitSession(0).timeline().all("conversation.item.create").get(0)
                .getJsonObject("item").getString("output");
        assertThat(output).contains("\"sent\"", "12#");
        assertThat(call.hangups).isEmpty();
    }

    private Throwable startFailure(RealtimeAgent agent) throws Exception {
        return onCall(() -> agent.start(call)).toCompletionStage().toCompletableFuture()
                .handle((v, e) -> e).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aBadKeyPlaysTheFallbackAndFailsTheStartWithTheUpstreamStatus() throws Exception {
        Throwable failure = startFailure(agent("sk-wrong", null));
        assertThat(failure).isInstanceOf(RealtimeUpstreamException.class);
        assertThat(((RealtimeUpstreamException) failure).status()).isEqualTo(401);
        assertThat(leg.played).singleElement().satisfies(c -> assertThat(c.data()).isEqualTo(fallback.data()));
        assertThat(metrics).containsExactly("upstream http_401");
    }

    @Test
    void rateLimitedOrUnreachableUpstreamsFailTheSameWay() throws Exception {
        fake.rateLimited(true);
        Throwable limited = startFailure(agent("sk-test", null));
        assertThat(((RealtimeUpstreamException) limited).status()).isEqualTo(429);
        fake.close();
        Throwable unreachable = startFailure(agent("sk-test", null));
        assertThat(((RealtimeUpstreamException) unreachable).status()).isZero();
        assertThat(unreachable).hasMessageContaining("unreachable");
        assertThat(leg.played).hasSize(2);
        assertThat(metrics).containsExactly("upstream http_429", "upstream unreachable");
    }

    @Test
    void anOpenCircuitStopsNewCallsFromReachingAFailingUpstream() throws Exception {
        startFailure(agent("sk-wrong", null));
        startFailure(agent("sk-wrong", null));
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        int handshakes = fake.handshakes().size();
        Throwable failure = startFailure(agent("sk-test", null));
        assertThat(failure).hasMessageContaining("circuit open");
        assertThat(fake.handshakes()).hasSize(handshakes);
        assertThat(leg.played).hasSize(3); // every caller still hears the fallback
        assertThat(metrics).containsExactly("upstream http_401", "upstream http_401", "upstream circuit_open");
    }
}
