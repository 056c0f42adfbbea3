package dev.callbridge.engine.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.agent.AgentMetrics;
import dev.callbridge.agent.AgentTool;
import dev.callbridge.agent.SpokenPrompt;
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
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Instant;
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
 * A realtime agent on a call of its own against the fake: a μ-law leg that records what it
 * plays (the test decides what has been heard), a call context that records the transcript,
 * tools, errors and hang-ups, and the metrics the agent reported.
 */
abstract class RealtimeAgentHarness extends RealtimeFakeFixture {
    final Context callContext = vertx.getOrCreateContext();
    final TestLeg leg = new TestLeg();
    final TestCall call = new TestCall();

    /** A leg (μ-law unless a test says otherwise) that records what it plays; the test decides what has been heard. */
    static final class TestLeg implements Leg {
        final List<AudioChunk> played = new CopyOnWriteArrayList<>();
        final List<Object> tags = new CopyOnWriteArrayList<>();
        final List<String> clears = new CopyOnWriteArrayList<>();
        final List<String> dtmf = new CopyOnWriteArrayList<>();
        final List<String> transfers = new CopyOnWriteArrayList<>();

        /** What the leg carries: μ-law like Twilio unless a test says otherwise. */
        volatile AudioFormat format = AudioFormat.PCMU_8K;

        public AudioFormat format() { return format; }
        /** When set, every tag comes back as heard right away, as if playback were instant. */
        volatile RealtimeAgent hearsAllFor;

        public void play(AudioChunk chunk, Object tag) {
            played.add(chunk);
            tags.add(tag);
            RealtimeAgent agent = hearsAllFor;
            if (agent != null && tag != null) Vertx.currentContext().runOnContext(v -> agent.onHeard(this, tag));
        }
        public void clear() { clears.add("clear after " + played.size()); }
        public void sendDtmf(String digits) { dtmf.add(digits); }
        public io.vertx.core.Future<Void> transfer(String destination) {
            transfers.add(destination);
            return io.vertx.core.Future.succeededFuture();
        }
        public void hangup(EndReason reason) { }
        public void listen(LegListener l) { }

        int bytesPlayed() {
            return played.stream().mapToInt(c -> c.data().length).sum();
        }
    }

    /** The call as the agent sees it, recording transcript, errors and hang-ups. */
    final class TestCall implements CallContext {
        final List<TranscriptEntry> transcript = new CopyOnWriteArrayList<>();
        final List<String> errors = new CopyOnWriteArrayList<>();
        final List<EndReason> hangups = new CopyOnWriteArrayList<>();
        final List<String> tools = new CopyOnWriteArrayList<>();
        /** When the last tool was reported and the last hang-up asked for (System.nanoTime), for bounds. */
        volatile long toolInvokedNanos, hangupNanos;

        public CallRecord record() { return null; }
        public List<Leg> legs() { return List.of(leg); }
        public Context context() { return callContext; }
        public long elapsedMs() { return 0; }
        public TranscriptEntry transcribe(Direction d, TranscriptEntry.Speaker s, TranscriptEntry.Kind k, String text,
                                          Long startMs, Long endMs, boolean interrupted) {
            TranscriptEntry e = new TranscriptEntry(transcript.size() + 1, d, s, k, text, "en", null, startMs, endMs,
                    Instant.now(), interrupted);
            transcript.add(e);
            return e;
        }
        public void toolInvoked(String name, Map<String, Object> arguments, Object result, long latencyMs) {
            toolInvokedNanos = System.nanoTime();
            tools.add(name + " " + arguments + " → " + result);
        }
        volatile dev.callbridge.call.CallStats stats;
        public void reportStats(dev.callbridge.call.CallStats stats) { this.stats = stats; }
        public void error(String code, String message) { errors.add(code + ": " + message); }
        public void hangup(EndReason reason) {
            hangupNanos = System.nanoTime();
            hangups.add(reason);
        }
    }

    /** Two calls in the window, half failing, opens it: small enough to trip in a test. */
    final CircuitBreaker breaker = CircuitBreaker.of("realtime", CircuitBreakerConfig.custom()
            .slidingWindowSize(2).minimumNumberOfCalls(2).failureRateThreshold(50).build());
    final SpokenPrompt unavailable = SpokenPrompt.unavailable();
    final AudioChunk fallback = unavailable.audio();
    RealtimeAgent.Timing timing = RealtimeAgent.Timing.DEFAULTS;
    final List<String> metrics = new CopyOnWriteArrayList<>();
    private final AgentMetrics recordingMetrics = new AgentMetrics() {
        public void responseLatency(long nanos) { metrics.add("latency " + (nanos > 0)); }
        public void bargeIn() { metrics.add("barge-in"); }
        public void toolCall(String tool, long nanos, boolean ok) { metrics.add("tool " + tool + (ok ? " ok" : " error")); }
        public void upstreamFailure(String kind) { metrics.add("upstream " + kind); }
        public void upstreamReconnect() { metrics.add("reconnect"); }
        public void sessionRollover() { metrics.add("rollover"); }
    };

    RealtimeAgent agent(String key, String greeting) {
        var settings = new RealtimeAgent.Settings(URI.create(fake.url()), "gpt-realtime", Secret.ofNullable(key),
                "You are the voice agent of ACME.", greeting, "marin", TurnDetection.ServerVad.DEFAULTS, "gpt-4o-mini-transcribe", timing);
        return new RealtimeAgent(settings, new RealtimeAgent.Shared(vertx.createWebSocketClient(RealtimeConnection.clientOptions()),
                new RealtimeCodec(), tools(), breaker, unavailable, SpokenPrompt.oneMoment(), recordingMetrics));
    }

    /** The tools the agent offers; a test may add its own. */
    List<AgentTool> tools() {
        return List.of(new EndCallTool(), new SendDtmfTool(), new TransferCallTool());
    }

    <T> T onCall(Supplier<T> work) throws Exception {
        CompletableFuture<T> done = new CompletableFuture<>();
        callContext.runOnContext(v -> {
            try {
                done.complete(work.get());
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        return done.get(10, TimeUnit.SECONDS);
    }

    /** An agent whose every answer the caller hears in full at once: for tests about anything but barge-in. */
    RealtimeAgent startedHearingAll(String greeting) throws Exception {
        RealtimeAgent agent = agent("sk-test", greeting);
        leg.hearsAllFor = agent;
        onCall(() -> agent.start(call)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return agent;
    }

    RealtimeAgent started(String greeting) throws Exception {
        RealtimeAgent agent = agent("sk-test", greeting);
        onCall(() -> agent.start(call)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return agent;
    }

    /** {@code frames} × 20 ms of μ-law silence from the caller, as the leg would deliver it. */
    void callerSends(RealtimeAgent agent, int frames) throws Exception {
        onCall(() -> {
            for (int i = 0; i < frames; i++) agent.onAudio(leg, new AudioChunk(AudioFormat.PCMU_8K, ulaw(20, 0xFF)));
            return null;
        });
    }
}
