package dev.callbridge.agent;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.audio.Transcoder;
import dev.callbridge.call.Direction;
import dev.callbridge.call.EndReason;
import dev.callbridge.call.Leg;
import dev.callbridge.call.TranscriptEntry.Kind;
import dev.callbridge.call.TranscriptEntry.Speaker;
import dev.callbridge.config.Secret;
import dev.callbridge.engine.openai.RealtimeClientEvent;
import dev.callbridge.engine.openai.RealtimeCodec;
import dev.callbridge.engine.openai.RealtimeConnection;
import dev.callbridge.engine.openai.RealtimeProtocolException;
import dev.callbridge.engine.openai.RealtimeUpstreamException;
import dev.callbridge.engine.openai.RealtimeServerEvent;
import dev.callbridge.engine.openai.RealtimeSessionConfig;
import dev.callbridge.engine.openai.RealtimeSessionConfig.InputTranscription;
import dev.callbridge.engine.openai.RealtimeSessionConfig.RealtimeAudioFormat;
import dev.callbridge.engine.openai.RealtimeSessionConfig.TurnDetection;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.WebSocketClient;
import java.net.URI;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.call.CallJson;
import dev.callbridge.engine.openai.RealtimeItem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Speech to speech through the OpenAI Realtime API (GA protocol). The caller's audio goes up
 * as it comes (μ-law passes through untouched; other legs are transcoded once, to 24 kHz PCM);
 * the model's audio is played to the caller with a tag per chunk, so the agent always knows how
 * much of each answer the caller has actually heard. On barge-in it clears the leg, cancels the
 * response in flight and truncates the answer at exactly that point.
 *
 * <p>Tools: the model's function calls run as {@link AgentTool}s; {@code end_call} hangs up only
 * once the goodbye that follows it has been heard.
 *
 * <p>When the upstream cannot serve (refused, unreachable, dropped, or its circuit breaker open)
 * the caller hears a short fallback prompt and the call ends with the reason on its record.
 *
 * <p>Not yet here (issue 3): transfer, filler while a slow tool runs, session rollover and
 * reconnect, per-turn metrics. The README calls the agent a preview until they are.
 */
public final class RealtimeAgent implements Agent {
    /** What every call's session is set up with. */
    public record Settings(URI url, String model, Secret apiKey, String instructions, String greeting, String voice,
                           TurnDetection turnDetection, String transcriptionModel) {}

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    /** The tag on each chunk of model audio: after it, {@code micros} of {@code itemId} have been played. */
    record Heard(String itemId, long micros) {}

    /**
     * What all calls' agents share: one WebSocket client, the codec, the tools, one circuit
     * breaker for the upstream, and the prompt a caller hears when the upstream cannot serve.
     */
    public record Shared(WebSocketClient client, RealtimeCodec codec, List<AgentTool> tools, CircuitBreaker upstreamBreaker,
                         AudioChunk fallbackPrompt, AgentMetrics metrics) {}

    private final Settings settings;
    private final Shared shared;
    private final Map<String, AgentTool> tools = new LinkedHashMap<>();

    // Owned by the call's context.
    private final Promise<Void> ready = Promise.promise();
    private CallContext ctx;
    /** This call's metrics: the shared ones, also tallied for the call's record. */
    private CallStatsTally metrics;
    private Leg caller;
    private RealtimeConnection upstream;
    private Transcoder toModel;
    private Transcoder fromModel;
    private String responseInFlight;
    private String playingItem;
    private long sentMicros;
    private long heardMicros;
    private final Set<String> interrupted = new HashSet<>();
    /** The agent's words so far, per answer, so an interrupted answer still reaches the record. */
    private final Map<String, StringBuilder> saying = new HashMap<>();
    private boolean stopped;
    /** end_call ran: hang up once the answer after it has been heard in full. */
    private boolean hangupWhenHeard;
    private boolean goodbyeSpoken;
    private long connectStartedNanos;
    /** When the caller last stopped speaking, until the answer's first audio goes out; 0 when not waiting. */
    private long callerStoppedNanos;

    public RealtimeAgent(Settings settings, Shared shared) {
        this.settings = settings;
        this.shared = shared;
        for (AgentTool t : shared.tools()) this.tools.put(t.definition().name(), t);
    }

    @Override
    public Future<Void> start(CallContext ctx) {
        this.ctx = ctx;
        this.metrics = new CallStatsTally(shared.metrics());
        this.caller = ctx.legs().get(0);
        RealtimeAudioFormat wire = RealtimeAudioFormat.forLeg(caller.format());
        if (wire == RealtimeAudioFormat.PCM_24K) {
            toModel = new Transcoder(caller.format(), AudioFormat.L16_24K);
            fromModel = new Transcoder(AudioFormat.L16_24K, caller.format());
        }
        if (!shared.upstreamBreaker().tryAcquirePermission()) {
            unavailable(new RealtimeUpstreamException(0, "the Realtime upstream is failing; circuit open, not connecting"), false);
            return ready.future();
        }
        connectStartedNanos = System.nanoTime();
        RealtimeConnection.open(shared.client(), settings.url(), settings.model(), settings.apiKey(), shared.codec(), new Upstream(wire))
                .onSuccess(c -> {
                    if (stopped) c.close();
                    else upstream = c;
                })
                .onFailure(e -> unavailable(e, true));
        return ready.future();
    }

    /**
     * The upstream cannot serve this call: the caller hears the fallback prompt, and the start
     * fails with the reason, which ends the call (once the prompt has been heard) and goes on
     * its record.
     */
    private void unavailable(Throwable cause, boolean countAgainstUpstream) {
        metrics.upstreamFailure(failureKind(cause, countAgainstUpstream));
        if (countAgainstUpstream) {
            shared.upstreamBreaker().onError(System.nanoTime() - connectStartedNanos, TimeUnit.NANOSECONDS, cause);
        }
        playFallback();
        ready.tryFail(cause);
    }

    private static String failureKind(Throwable cause, boolean reachedUpstream) {
        if (!reachedUpstream) return "circuit_open";
        if (cause instanceof RealtimeUpstreamException u && u.status() != 0) return "http_" + u.status();
        return cause.getMessage() != null && cause.getMessage().startsWith("Realtime session closed") ? "closed" : "unreachable";
    }

    private void playFallback() {
        AudioChunk prompt = shared.fallbackPrompt();
        if (!prompt.format().equals(caller.format())) prompt = new Transcoder(prompt.format(), caller.format()).convert(prompt);
        caller.clear();
        caller.play(prompt, null);
    }

    @Override
    public void onAudio(Leg from, AudioChunk chunk) {
        byte[] audio = toModel == null ? chunk.data() : toModel.convert(chunk.data());
        upstream.send(RealtimeClientEvent.InputAudioAppend.ofBytes(audio));
    }

    @Override
    public void onDtmf(Leg from, char digit) {
        long at = ctx.elapsedMs();
        ctx.transcribe(Direction.INBOUND, Speaker.CALLER, Kind.DTMF, String.valueOf(digit), at, at, false);
    }

    @Override
    public void onHeard(Leg to, Object tag) {
        if (tag instanceof Heard h && h.itemId().equals(playingItem)) heardMicros = Math.max(heardMicros, h.micros());
        hangUpIfGoodbyeHeard();
    }

    private void hangUpIfGoodbyeHeard() {
        if (goodbyeSpoken && (playingItem == null || heardMicros >= sentMicros)) {
            goodbyeSpoken = false;
            ctx.hangup(EndReason.AGENT_HANGUP);
        }
    }

    /** The model asked for tools: run them, hand the results back, and let it answer. */
    private void runTools(List<RealtimeItem> calls) {
        List<Future<Void>> done = new ArrayList<>();
        for (RealtimeItem item : calls) {
            long t0 = System.nanoTime();
            AgentTool tool = tools.get(item.name());
            JsonNode args = parseArguments(item.arguments());
            Future<AgentTool.Result> result = tool == null
                    ? Future.succeededFuture(AgentTool.Result.of(toolError("no tool named " + item.name())))
                    : tool.call(args, ctx).otherwise(e -> AgentTool.Result.of(toolError(String.valueOf(e.getMessage()))));
            done.add(result.map(r -> {
                long took = System.nanoTime() - t0;
                metrics.toolCall(item.name(), took, tool != null && !r.output().startsWith("{\"error\""));
                ctx.toolInvoked(item.name(), CallJson.mapper().convertValue(args, MAP), r.output(), took / 1_000_000);
                if (r.endCallWhenHeard()) hangupWhenHeard = true;
                upstream.send(new RealtimeClientEvent.CreateFunctionCallOutput(null, item.callId(), r.output()));
                return null;
            }));
        }
        Future.all(done).onComplete(v -> {
            if (!stopped) upstream.send(new RealtimeClientEvent.ResponseCreate(null, null));
        });
    }

    /** A tool failure as JSON the model can read; built by the mapper, so any message is escaped. */
    private static String toolError(String message) {
        return CallJson.write(CallJson.mapper().createObjectNode().put("error", message));
    }

    private static JsonNode parseArguments(String json) {
        try {
            JsonNode node = json == null ? null : CallJson.mapper().readTree(json);
            return node != null && node.isObject() ? node : CallJson.mapper().createObjectNode();
        } catch (java.io.IOException e) {
            return CallJson.mapper().createObjectNode();
        }
    }

    @Override
    public void stop(EndReason reason) {
        stopped = true;
        if (upstream != null) upstream.close();
        ready.tryFail("call ended before the Realtime session was ready: " + reason);
        if (ctx != null) ctx.reportStats(metrics.snapshot());
    }

    private void play(RealtimeServerEvent.OutputAudioDelta delta) {
        if (interrupted.contains(delta.itemId())) return; // the tail of an answer the caller cut off
        if (!delta.itemId().equals(playingItem)) {
            playingItem = delta.itemId();
            sentMicros = 0;
            heardMicros = 0;
        }
        if (callerStoppedNanos != 0) {
            metrics.responseLatency(System.nanoTime() - callerStoppedNanos);
            callerStoppedNanos = 0;
        }
        byte[] audio = delta.decodeAudio();
        if (fromModel != null) audio = fromModel.convert(audio);
        AudioChunk chunk = new AudioChunk(caller.format(), audio);
        sentMicros += chunk.durationMicros();
        caller.play(chunk, new Heard(playingItem, sentMicros));
    }

    /** The caller started speaking. If they are still hearing the agent, stop it where they are. */
    private void bargeIn() {
        if (playingItem == null || heardMicros >= sentMicros) return;
        caller.clear();
        metrics.bargeIn();
        if (responseInFlight != null) upstream.send(new RealtimeClientEvent.ResponseCancel(null, responseInFlight));
        upstream.send(new RealtimeClientEvent.ItemTruncate(null, playingItem, 0, heardMicros / 1000));
        interrupted.add(playingItem);
        // The cancelled answer gets no transcript "done"; record what it had said so far, marked interrupted.
        StringBuilder said = saying.remove(playingItem);
        if (said != null && !said.isEmpty()) {
            ctx.transcribe(Direction.OUTBOUND, Speaker.AGENT, Kind.SPEECH, said.toString(), null, ctx.elapsedMs(), true);
        }
        playingItem = null;
    }

    private RealtimeSessionConfig session(RealtimeAudioFormat wire) {
        return new RealtimeSessionConfig(null, settings.instructions(), settings.voice(), wire, wire,
                settings.turnDetection(), new InputTranscription(settings.transcriptionModel(), null),
                tools.values().stream().map(AgentTool::definition).toList(), null);
    }

    /** Server events, on the call's context. */
    private final class Upstream implements RealtimeConnection.Listener {
        private final RealtimeAudioFormat wire;

        Upstream(RealtimeAudioFormat wire) {
            this.wire = wire;
        }

        @Override
        public void onEvent(RealtimeServerEvent event) {
            if (stopped) return;
            switch (event) {
                case RealtimeServerEvent.SessionCreated c -> upstream.send(new RealtimeClientEvent.SessionUpdate(null, session(wire)));
                case RealtimeServerEvent.SessionUpdated u -> sessionReady();
                case RealtimeServerEvent.ResponseCreated r -> responseInFlight = r.responseId();
                case RealtimeServerEvent.ResponseDone d -> {
                    if (d.responseId().equals(responseInFlight)) responseInFlight = null;
                    if (!d.functionCalls().isEmpty()) {
                        runTools(d.functionCalls());
                    } else if (hangupWhenHeard) {
                        goodbyeSpoken = true; // this was the goodbye
                        hangUpIfGoodbyeHeard();
                    }
                }
                case RealtimeServerEvent.OutputAudioDelta d -> play(d);
                case RealtimeServerEvent.SpeechStarted s -> bargeIn();
                case RealtimeServerEvent.SpeechStopped s -> callerStoppedNanos = System.nanoTime();
                case RealtimeServerEvent.InputTranscriptionCompleted t -> ctx.transcribe(Direction.INBOUND, Speaker.CALLER,
                        Kind.SPEECH, t.transcript(), null, ctx.elapsedMs(), false);
                case RealtimeServerEvent.OutputTranscriptDelta t -> {
                    if (!interrupted.contains(t.itemId())) saying.computeIfAbsent(t.itemId(), k -> new StringBuilder()).append(t.delta());
                }
                case RealtimeServerEvent.OutputTranscriptDone t -> {
                    saying.remove(t.itemId());
                    // An interrupted answer was already recorded, as far as it got, at the barge-in.
                    if (!interrupted.contains(t.itemId())) {
                        ctx.transcribe(Direction.OUTBOUND, Speaker.AGENT, Kind.SPEECH, t.transcript(), null, ctx.elapsedMs(), false);
                    }
                }
                case RealtimeServerEvent.ServerError e -> ctx.error("realtime_" + e.error().code(), e.error().message());
                default -> { /* progress events the agent has no use for */ }
            }
        }

        private void sessionReady() {
            if (ready.future().isComplete()) return; // a later session.updated confirms a later change
            shared.upstreamBreaker().onSuccess(System.nanoTime() - connectStartedNanos, TimeUnit.NANOSECONDS);
            ready.complete();
            if (settings.greeting() != null) {
                upstream.send(new RealtimeClientEvent.ResponseCreate(null,
                        "Greet the caller by saying exactly: " + settings.greeting()));
            }
        }

        @Override
        public void onUnreadable(RealtimeProtocolException e) {
            ctx.error("realtime_unreadable", e.getMessage());
        }

        @Override
        public void onClosed(int code, String reason) {
            if (stopped) return;
            String detail = "Realtime session closed (" + code + (reason == null ? "" : " " + reason) + ")";
            RealtimeUpstreamException closed = new RealtimeUpstreamException(0, detail);
            if (!ready.future().isComplete()) {
                unavailable(closed, true);
                return;
            }
            // Reconnecting with the conversation so far comes with session rollover; until then the caller is told.
            shared.upstreamBreaker().onError(0, TimeUnit.NANOSECONDS, closed);
            metrics.upstreamFailure("dropped");
            playFallback();
            ctx.hangup(EndReason.failure("upstream-closed", detail));
        }
    }
}
