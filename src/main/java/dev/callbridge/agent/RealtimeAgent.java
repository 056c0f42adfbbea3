package dev.callbridge.agent;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.audio.Transcoder;
import dev.callbridge.call.CallJson;
import dev.callbridge.call.Direction;
import dev.callbridge.call.EndReason;
import dev.callbridge.call.Leg;
import dev.callbridge.call.TranscriptEntry.Kind;
import dev.callbridge.call.TranscriptEntry.Speaker;
import dev.callbridge.config.Secret;
import dev.callbridge.engine.openai.RealtimeClientEvent;
import dev.callbridge.engine.openai.RealtimeClientEvent.CreateItem;
import dev.callbridge.engine.openai.RealtimeCodec;
import dev.callbridge.engine.openai.RealtimeConnection;
import dev.callbridge.engine.openai.RealtimeItem;
import dev.callbridge.engine.openai.RealtimeProtocolException;
import dev.callbridge.engine.openai.RealtimeServerEvent;
import dev.callbridge.engine.openai.RealtimeSessionConfig;
import dev.callbridge.engine.openai.RealtimeSessionConfig.InputTranscription;
import dev.callbridge.engine.openai.RealtimeSessionConfig.RealtimeAudioFormat;
import dev.callbridge.engine.openai.RealtimeSessionConfig.TurnDetection;
import dev.callbridge.engine.openai.RealtimeUpstreamException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.vertx.core.Future;
import io.vertx.core.http.WebSocketClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Speech to speech through the OpenAI Realtime API (GA protocol). The caller's audio goes up
 * as it comes (μ-law passes through untouched; other legs are transcoded once, to 24 kHz PCM);
 * the model's audio is played to the caller with a tag per chunk, so the agent always knows how
 * much of each answer the caller has actually heard. On barge-in it clears the leg, cancels the
 * response in flight and truncates the answer at exactly that point; the record keeps the words
 * the caller heard.
 *
 * <p>Tools: the model's function calls run as {@link AgentTool}s; a slow one gets a "one moment"
 * so the caller is not left in dead air; {@code end_call} hangs up only once the goodbye that
 * follows it has been heard.
 *
 * <p>Sessions come and go underneath ({@link RealtimeLink}: rollover before the API's cap,
 * reconnect after a drop). When no session can serve (refused, unreachable, circuit open) the
 * caller hears a short fallback prompt and the call ends with the reason on its record.
 */
public final class RealtimeAgent implements Agent {
    /** What every call's session is set up with. */
    public record Settings(URI url, String model, Secret apiKey, String instructions, String greeting, String voice,
                           TurnDetection turnDetection, String transcriptionModel, Timing timing) {}

    /**
     * @param rolloverAfter   a session's age at which its successor is prepared (the API caps sessions at 60 min)
     * @param rolloverGrace   how long a prepared successor waits for a quiet moment before taking over anyway
     * @param reconnectDelays the back-off before each reconnect attempt after a drop
     * @param toolFillerAfter how long a tool may run before the caller hears "one moment" (zero: never)
     * @param toolFillerEvery how often it is repeated while the tool still runs
     * @param appendBatch     caller audio is sent up in pieces this long (zero: each frame as it comes);
     *                        fewer, larger messages cost less CPU but delay the model hearing the caller
     */
    public record Timing(Duration rolloverAfter, Duration rolloverGrace, List<Duration> reconnectDelays,
                         Duration toolFillerAfter, Duration toolFillerEvery, Duration appendBatch) {
        public static final Timing DEFAULTS = new Timing(Duration.ofMinutes(55), Duration.ofMinutes(3),
                List.of(Duration.ZERO, Duration.ofMillis(500), Duration.ofSeconds(2)), Duration.ofMillis(1200), Duration.ofSeconds(8),
                Duration.ZERO);

        public Timing {
            reconnectDelays = List.copyOf(reconnectDelays);
        }

        public Timing(Duration rolloverAfter, Duration rolloverGrace, List<Duration> reconnectDelays,
                      Duration toolFillerAfter, Duration toolFillerEvery) {
            this(rolloverAfter, rolloverGrace, reconnectDelays, toolFillerAfter, toolFillerEvery, Duration.ZERO);
        }
    }

    /**
     * What all calls' agents share: one WebSocket client, the codec, the tools, one circuit
     * breaker for the upstream, and the prompts a caller may hear from the gateway itself.
     */
    public record Shared(WebSocketClient client, RealtimeCodec codec, List<AgentTool> tools, CircuitBreaker upstreamBreaker,
                         SpokenPrompt unavailablePrompt, SpokenPrompt toolFillerPrompt, AgentMetrics metrics) {}

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    /** The {@code event_id} of the retrieve that asks what the caller heard of an item. */
    private static final String HEARD_PREFIX = "heard:";

    /** The tag on model audio: after it, {@code micros} of {@code itemId} have been played. */
    record Heard(String itemId, long micros) {}

    /**
     * Model audio is tagged at most this often (and at the end of each answer). Every tag is a
     * mark out and an echo back; per 20 ms chunk that would triple the messages of a relayed
     * frame. A barge-in is then cut at most this much short of what was heard.
     */
    static final long TAG_EVERY_MICROS = 100_000;

    /** An answer the caller cut off, waiting for the server's cut transcript; {@code streamed} is the fallback. */
    private record Cut(String streamed, long atMs) {}

    private final Settings settings;
    private final Shared shared;
    private final Map<String, AgentTool> tools = new LinkedHashMap<>();
    private final ConversationHistory history = new ConversationHistory();

    // Owned by the call's context.
    private CallContext ctx;
    /** This call's metrics: the shared ones, also tallied for the call's record. */
    private CallStatsTally metrics;
    private Leg caller;
    private RealtimeLink link;
    private Transcoder toModel;
    private Transcoder fromModel;
    /** Caller audio waiting to go up as one append, when batching: {@code batchBytes} make one. */
    private int batchBytes;
    private byte[] batch;
    private int batched;
    private String responseInFlight;
    private String playingItem;
    private int playingGeneration;
    private long sentMicros;
    private long taggedMicros;
    private long heardMicros;
    private final Set<String> interrupted = new HashSet<>();
    /** The agent's words so far, per answer, so an interrupted answer still reaches the record. */
    private final Map<String, StringBuilder> saying = new HashMap<>();
    private final Map<String, Cut> cuts = new HashMap<>();
    private boolean stopped;
    /** end_call ran: hang up once the answer after it has been heard in full. */
    private boolean hangupWhenHeard;
    private boolean goodbyeSpoken;
    /** When the caller last stopped speaking, until the answer's first audio goes out; 0 when not waiting. */
    private long callerStoppedNanos;
    private int toolsRunning;
    private long fillerTimer = -1;

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
        batchBytes = (int) settings.timing().appendBatch().toMillis() * (wire == RealtimeAudioFormat.PCM_24K ? 48 : 8);
        batch = new byte[batchBytes];
        if (!shared.upstreamBreaker().tryAcquirePermission()) {
            return unavailable(new RealtimeUpstreamException(0, "the Realtime upstream is failing; circuit open, not connecting"),
                    "circuit_open");
        }
        link = new RealtimeLink(listener -> RealtimeConnection.open(shared.client(), settings.url(), settings.model(),
                settings.apiKey(), shared.codec(), listener), session(wire), history, ctx.context().owner(), settings.timing(),
                shared.upstreamBreaker(), metrics, new Upstream());
        return link.start()
                .<Void>map(v -> {
                    if (settings.greeting() != null) {
                        link.send(new RealtimeClientEvent.ResponseCreate(null, "Greet the caller by saying exactly: " + settings.greeting()));
                    }
                    return null;
                })
                .recover(e -> stopped ? Future.failedFuture(e) : unavailable(e, failureKind(e)));
    }

    /**
     * No session can serve this call: the caller hears the fallback prompt, and the start fails
     * with the reason, which ends the call (once the prompt has been heard) and goes on its record.
     */
    private Future<Void> unavailable(Throwable cause, String kind) {
        metrics.upstreamFailure(kind);
        playUnavailable();
        return Future.failedFuture(cause);
    }

    private static String failureKind(Throwable cause) {
        if (cause instanceof RealtimeUpstreamException u && u.status() != 0) return "http_" + u.status();
        return cause.getMessage() != null && cause.getMessage().startsWith("Realtime session closed") ? "closed" : "unreachable";
    }

    private void playUnavailable() {
        caller.clear();
        play(shared.unavailablePrompt());
    }

    private void play(SpokenPrompt prompt) {
        AudioChunk audio = prompt.audio();
        if (!audio.format().equals(caller.format())) audio = new Transcoder(audio.format(), caller.format()).convert(audio);
        caller.play(audio, null);
    }

    @Override
    public void onAudio(Leg from, AudioChunk chunk) {
        byte[] audio = toModel == null ? chunk.data() : toModel.convert(chunk.data());
        if (batchBytes == 0) {
            link.appendAudio(RealtimeClientEvent.InputAudioAppend.ofBytes(audio));
            return;
        }
        if (batched + audio.length > batch.length) batch = Arrays.copyOf(batch, batched + audio.length);
        System.arraycopy(audio, 0, batch, batched, audio.length);
        batched += audio.length;
        if (batched >= batchBytes) {
            link.appendAudio(RealtimeClientEvent.InputAudioAppend.ofBytes(Arrays.copyOf(batch, batched)));
            batched = 0;
        }
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
        toolsRunning++;
        fillWhileToolsRun();
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
                link.create(new CreateItem(null, null, history.toolOutput(item.callId(), r.output())));
                return null;
            }));
        }
        Future.all(done).onComplete(v -> {
            if (--toolsRunning == 0 && fillerTimer >= 0) {
                ctx.context().owner().cancelTimer(fillerTimer);
                fillerTimer = -1;
            }
            if (!stopped) link.send(new RealtimeClientEvent.ResponseCreate(null, null));
        });
    }

    /** A tool that takes long gets a "one moment, please", repeated while it runs: no dead air. */
    private void fillWhileToolsRun() {
        Timing t = settings.timing();
        if (fillerTimer >= 0 || t.toolFillerAfter().isZero()) return;
        fillerTimer = ctx.context().owner().setPeriodic(t.toolFillerAfter().toMillis(), Math.max(1, t.toolFillerEvery().toMillis()), id -> {
            if (stopped || toolsRunning == 0) return;
            play(shared.toolFillerPrompt());
            long at = ctx.elapsedMs();
            ctx.transcribe(Direction.OUTBOUND, Speaker.AGENT, Kind.SPEECH, shared.toolFillerPrompt().text(), at, null, false);
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
        for (String itemId : List.copyOf(cuts.keySet())) recordCut(itemId, null);
        if (fillerTimer >= 0) ctx.context().owner().cancelTimer(fillerTimer);
        if (link != null) link.close();
        if (ctx != null) ctx.reportStats(metrics.snapshot());
    }

    private void playModelAudio(RealtimeServerEvent.OutputAudioDelta delta) {
        if (interrupted.contains(delta.itemId())) return; // the tail of an answer the caller cut off
        if (!delta.itemId().equals(playingItem)) {
            playingItem = delta.itemId();
            playingGeneration = link.generation();
            sentMicros = 0;
            taggedMicros = 0;
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
        boolean tag = sentMicros - taggedMicros >= TAG_EVERY_MICROS;
        if (tag) taggedMicros = sentMicros;
        caller.play(chunk, tag ? new Heard(playingItem, sentMicros) : null);
    }

    /** The answer's audio is complete: tag its end, so its last words are known to be heard too. */
    private void audioDone(String itemId) {
        if (!itemId.equals(playingItem) || taggedMicros == sentMicros) return;
        taggedMicros = sentMicros;
        caller.play(new AudioChunk(caller.format(), new byte[0]), new Heard(playingItem, sentMicros));
    }

    /** The caller started speaking. If they are still hearing the agent, stop it where they are. */
    private void bargeIn() {
        if (playingItem == null || heardMicros >= sentMicros) return;
        caller.clear();
        metrics.bargeIn();
        if (responseInFlight != null) link.send(new RealtimeClientEvent.ResponseCancel(null, responseInFlight));
        interrupted.add(playingItem);
        cuts.put(playingItem, new Cut(streamedSoFar(playingItem), ctx.elapsedMs()));
        if (playingGeneration == link.generation()) {
            link.send(new RealtimeClientEvent.ItemTruncate(null, playingItem, 0, heardMicros / 1000));
            // The server cuts the item's transcript at the same point; ask for it to record the heard words.
            link.send(new RealtimeClientEvent.ItemRetrieve(HEARD_PREFIX + playingItem, playingItem));
        } else {
            recordCut(playingItem, null); // played under a session that is gone: nothing to truncate
        }
        playingItem = null;
    }

    private String streamedSoFar(String itemId) {
        StringBuilder said = saying.remove(itemId);
        return said == null ? "" : said.toString();
    }

    /**
     * Records an answer the caller cut off: the server's cut transcript when it has one (never
     * longer than what was streamed), else the words streamed so far. Marked interrupted.
     */
    private void recordCut(String itemId, String serverText) {
        Cut cut = cuts.remove(itemId);
        if (cut == null) return;
        String text = serverText != null && !serverText.isBlank() && serverText.length() <= cut.streamed().length()
                ? serverText.strip() : cut.streamed().strip();
        history.heard(itemId, text);
        if (!text.isEmpty()) ctx.transcribe(Direction.OUTBOUND, Speaker.AGENT, Kind.SPEECH, text, null, cut.atMs(), true);
    }

    private RealtimeSessionConfig session(RealtimeAudioFormat wire) {
        return new RealtimeSessionConfig(null, settings.instructions(), settings.voice(), wire, wire,
                settings.turnDetection(), new InputTranscription(settings.transcriptionModel(), null),
                tools.values().stream().map(AgentTool::definition).toList(), null);
    }

    /** The live session's events, on the call's context. */
    private final class Upstream implements RealtimeLink.Listener {
        @Override
        public void onEvent(RealtimeServerEvent event) {
            if (stopped) return;
            switch (event) {
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
                case RealtimeServerEvent.OutputAudioDelta d -> playModelAudio(d);
                case RealtimeServerEvent.OutputAudioDone d -> audioDone(d.itemId());
                case RealtimeServerEvent.SpeechStarted s -> bargeIn();
                case RealtimeServerEvent.SpeechStopped s -> callerStoppedNanos = System.nanoTime();
                case RealtimeServerEvent.InputTranscriptionCompleted t -> ctx.transcribe(Direction.INBOUND, Speaker.CALLER,
                        Kind.SPEECH, t.transcript(), null, ctx.elapsedMs(), false);
                case RealtimeServerEvent.OutputTranscriptDelta t -> {
                    if (!interrupted.contains(t.itemId())) saying.computeIfAbsent(t.itemId(), k -> new StringBuilder()).append(t.delta());
                }
                case RealtimeServerEvent.OutputTranscriptDone t -> {
                    saying.remove(t.itemId());
                    // An interrupted answer is recorded as far as the caller heard it, from the retrieve.
                    if (!interrupted.contains(t.itemId())) {
                        ctx.transcribe(Direction.OUTBOUND, Speaker.AGENT, Kind.SPEECH, t.transcript(), null, ctx.elapsedMs(), false);
                    }
                }
                case RealtimeServerEvent.ItemRetrieved r -> recordCut(r.item().id(), r.item().firstText());
                case RealtimeServerEvent.ServerError e -> {
                    String about = e.error().eventId();
                    if (about != null && about.startsWith(HEARD_PREFIX)) recordCut(about.substring(HEARD_PREFIX.length()), null);
                    ctx.error("realtime_" + e.error().code(), e.error().message());
                }
                default -> { /* progress events the agent has no use for */ }
            }
        }

        @Override
        public void onUnreadable(RealtimeProtocolException e) {
            ctx.error("realtime_unreadable", e.getMessage());
        }

        @Override
        public void onInterrupted(boolean midAnswer) {
            ctx.error("realtime_reconnecting", "the Realtime session dropped; reconnecting with the conversation so far");
            responseInFlight = null;
            for (String itemId : List.copyOf(cuts.keySet())) recordCut(itemId, null);
            if (midAnswer && playingItem != null && !interrupted.contains(playingItem)) {
                // Cut short by the drop, not by the caller: all that arrived will still be played.
                interrupted.add(playingItem);
                cuts.put(playingItem, new Cut(streamedSoFar(playingItem), ctx.elapsedMs()));
                recordCut(playingItem, null);
            }
        }

        @Override
        public void onLost(Throwable cause) {
            if (stopped) return;
            metrics.upstreamFailure("dropped");
            playUnavailable();
            ctx.hangup(EndReason.failure("upstream-closed", cause.getMessage()));
        }
    }
}
