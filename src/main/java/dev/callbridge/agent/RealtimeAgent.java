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
import dev.callbridge.engine.llm.ToolCall;
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
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Speech to speech through the OpenAI Realtime API (GA protocol). The caller's audio goes up
 * in pieces of {@link Timing#appendBatch} (μ-law bytes unchanged; other legs are transcoded once,
 * to 24 kHz PCM); the
 * model's audio is played to the caller tagged every 100 ms and at its end, so the agent always
 * knows how much of each {@link Answer} the caller has actually heard. An answer reaches the
 * record once heard in full. On barge-in the agent clears the leg, cancels the response in
 * flight and truncates the answer at the last tag the leg confirmed; the record keeps the words
 * the caller heard, as the server cut them.
 *
 * <p>Tools: the model's function calls run as {@link AgentTool}s; a slow one gets a "one moment"
 * so the caller is not left in dead air; {@code end_call} hangs up only once the goodbye has been
 * heard, within a bound ({@link HangUpAfterGoodbye}).
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
     * @param endCallWithin   after {@code end_call}, the call ends this soon at the latest, goodbye heard or not
     */
    public record Timing(Duration rolloverAfter, Duration rolloverGrace, List<Duration> reconnectDelays,
                         Duration toolFillerAfter, Duration toolFillerEvery, Duration appendBatch, Duration endCallWithin) {
        /** Ample for a spoken goodbye and its marks, short enough that a stalled model cannot hold the line. */
        static final Duration END_CALL_WITHIN = Duration.ofSeconds(10);
        public static final Timing DEFAULTS = new Timing(Duration.ofMinutes(55), Duration.ofMinutes(3),
                List.of(Duration.ZERO, Duration.ofMillis(500), Duration.ofSeconds(2)), Duration.ofMillis(1200), Duration.ofSeconds(8),
                Duration.ZERO, END_CALL_WITHIN);

        public Timing {
            reconnectDelays = List.copyOf(reconnectDelays);
        }

        public Timing(Duration rolloverAfter, Duration rolloverGrace, List<Duration> reconnectDelays,
                      Duration toolFillerAfter, Duration toolFillerEvery, Duration appendBatch) {
            this(rolloverAfter, rolloverGrace, reconnectDelays, toolFillerAfter, toolFillerEvery, appendBatch, END_CALL_WITHIN);
        }

        public Timing(Duration rolloverAfter, Duration rolloverGrace, List<Duration> reconnectDelays,
                      Duration toolFillerAfter, Duration toolFillerEvery) {
            this(rolloverAfter, rolloverGrace, reconnectDelays, toolFillerAfter, toolFillerEvery, Duration.ZERO);
        }

        public Timing withEndCallWithin(Duration bound) {
            return new Timing(rolloverAfter, rolloverGrace, reconnectDelays, toolFillerAfter, toolFillerEvery, appendBatch, bound);
        }
    }

    /**
     * What all calls' agents share: one WebSocket client, the codec, the tools, one circuit
     * breaker for the upstream, and the prompts a caller may hear from the gateway itself.
     */
    public record Shared(WebSocketClient client, RealtimeCodec codec, List<AgentTool> tools, CircuitBreaker upstreamBreaker,
                         SpokenPrompt unavailablePrompt, SpokenPrompt toolFillerPrompt, AgentMetrics metrics) {}

    /** The {@code event_id} of the retrieve that asks what the caller heard of an item. */
    private static final String HEARD_PREFIX = "heard:";

    /** The tag on model audio: once it comes back, {@code micros} of {@code answer} have been heard. */
    record Heard(Answer answer, long micros) {}

    /**
     * Model audio is tagged at most this often (and at the end of each answer). Every tag is a
     * mark out and an echo back; per 20 ms chunk that would triple the messages of a relayed
     * frame. A barge-in is then cut at most this much short of what was heard.
     */
    static final long TAG_EVERY_MICROS = 100_000;

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
    /** The model's answers not yet on the record, by item id. */
    private final Map<String, Answer> answers = new HashMap<>();
    /** The answer whose audio went out last. */
    private Answer playing;
    /** Answers the caller cut off: the rest of their audio is dropped. */
    private final Set<String> interrupted = new HashSet<>();
    /** Cut answers waiting for the server's cut transcript, with when they were cut. */
    private final Map<String, Long> cutAt = new HashMap<>();
    private boolean stopped;
    /** The answer whose audio the response in flight (or just done) played; null: none yet, or cut off. */
    private Answer spokenInResponse;
    private HangUpAfterGoodbye ending;
    /** When the caller last stopped speaking, until the answer's first audio goes out; 0 when not waiting. */
    private long callerStoppedNanos;
    private ToolCalls toolCalls;

    public RealtimeAgent(Settings settings, Shared shared) {
        this.settings = settings;
        this.shared = shared;
        for (AgentTool t : shared.tools()) this.tools.put(t.definition().name(), t);
    }

    @Override
    public Future<Void> start(CallContext ctx) {
        this.ctx = ctx;
        this.metrics = new CallStatsTally(shared.metrics());
        this.toolCalls = new ToolCalls(tools, ctx, metrics, settings.timing().toolFillerAfter(), settings.timing().toolFillerEvery(),
                shared.toolFillerPrompt(), this::play);
        this.caller = ctx.legs().get(0);
        this.ending = new HangUpAfterGoodbye(ctx, caller, settings.timing().endCallWithin());
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
        ctx.callerPressed(digit);
    }

    @Override
    public void onHeard(Leg to, Object tag) {
        if (tag instanceof Heard h) {
            h.answer().heardMicros = Math.max(h.answer().heardMicros, h.micros());
            recordIfHeard(h.answer());
        }
        ending.heard();
    }

    /**
     * The model asked for tools: run them, hand each result back, and let it answer. After
     * {@code end_call}, the answer is a goodbye, and only if the response had none ({@code spoken}).
     */
    private void runTools(List<RealtimeItem> calls, Answer spoken) {
        toolCalls.run(calls.stream().map(RealtimeAgent::toolCall).toList(), (callId, output) -> link.create(new CreateItem(null, null, history.toolOutput(callId, output))))
                .onSuccess(endCall -> {
                    if (stopped) return;
                    boolean answer = endCall ? ending.endCall(spoken) : ending.answersTools();
                    if (answer) link.send(new RealtimeClientEvent.ResponseCreate(null, null));
                });
    }

    private static ToolCall toolCall(RealtimeItem item) {
        return new ToolCall(item.callId() == null ? "" : item.callId(), item.name() == null ? "" : item.name(),
                item.arguments() == null ? "{}" : item.arguments());
    }

    @Override
    public void stop(EndReason reason) {
        stopped = true;
        if (ctx != null) recordWhatWasHeard();
        if (toolCalls != null) toolCalls.stop();
        if (ending != null) ending.stop();
        if (link != null) link.close();
        if (ctx != null) ctx.reportStats(metrics.snapshot());
    }

    private Answer answer(String itemId) {
        return answers.computeIfAbsent(itemId, id -> new Answer(id, link.generation()));
    }

    private void playModelAudio(RealtimeServerEvent.OutputAudioDelta delta) {
        if (interrupted.contains(delta.itemId())) return; // the tail of an answer the caller cut off
        Answer a = answer(delta.itemId());
        playing = a;
        spokenInResponse = a;
        if (callerStoppedNanos != 0) {
            metrics.responseLatency(System.nanoTime() - callerStoppedNanos);
            callerStoppedNanos = 0;
        }
        byte[] audio = delta.decodeAudio();
        if (fromModel != null) audio = fromModel.convert(audio);
        AudioChunk chunk = new AudioChunk(caller.format(), audio);
        if (a.audioStartedMs < 0) a.audioStartedMs = ctx.elapsedMs();
        a.sentMicros += chunk.durationMicros();
        boolean tag = a.sentMicros - a.taggedMicros >= TAG_EVERY_MICROS;
        if (tag) a.taggedMicros = a.sentMicros;
        caller.play(chunk, tag ? new Heard(a, a.sentMicros) : null);
    }

    /** The answer's audio is complete: tag its end, so its last words are known to be heard too. */
    private void audioDone(String itemId) {
        Answer a = answers.get(itemId);
        if (a == null || interrupted.contains(itemId)) return;
        a.audioDone = true;
        if (a.taggedMicros < a.sentMicros) {
            a.taggedMicros = a.sentMicros;
            caller.play(new AudioChunk(caller.format(), new byte[0]), new Heard(a, a.sentMicros));
        }
        recordIfHeard(a);
    }

    private void transcriptDone(String itemId, String transcript) {
        Answer a = answers.get(itemId);
        if (a == null) return;
        a.transcript = transcript;
        if (!interrupted.contains(itemId)) recordIfHeard(a);
    }

    /** The record holds what the caller heard: an answer goes on it once its last mark is back. */
    private void recordIfHeard(Answer a) {
        if (interrupted.contains(a.itemId) || !a.heardInFull() || answers.remove(a.itemId) == null) return;
        long end = ctx.elapsedMs();
        ctx.transcribe(Direction.OUTBOUND, Speaker.AGENT, Kind.SPEECH, a.transcript, a.heardSince(end), end, false);
    }

    /** The caller started speaking. If they are still hearing the agent, stop it where they are. */
    private void bargeIn() {
        Answer a = playing;
        if (a == null || interrupted.contains(a.itemId) || !a.stillPlaying()) return;
        caller.clear();
        metrics.bargeIn();
        if (responseInFlight != null) link.send(new RealtimeClientEvent.ResponseCancel(null, responseInFlight));
        interrupted.add(a.itemId);
        playing = null;
        if (spokenInResponse == a) spokenInResponse = null;
        ending.cut(a);
        if (a.generation == link.generation()) {
            cutAt.put(a.itemId, ctx.elapsedMs());
            link.send(new RealtimeClientEvent.ItemTruncate(null, a.itemId, 0, a.heardMicros / 1000));
            // The server cuts the item's transcript at the same point; ask for it to record the heard words.
            link.send(new RealtimeClientEvent.ItemRetrieve(HEARD_PREFIX + a.itemId, a.itemId));
        } else if (answers.containsKey(a.itemId)) {
            recordCut(a, a.heardWords(), ctx.elapsedMs()); // played under a session that is gone: nothing to truncate
        }
    }

    /** The server's answer to the retrieve after a truncate (null: it had none). */
    private void heardAsCut(String itemId, String serverText) {
        Long at = cutAt.remove(itemId);
        Answer a = answers.get(itemId);
        if (at == null || a == null) return;
        // The server's cut when it made one; if it kept every word, it did not cut: estimate from the audio.
        boolean cut = serverText != null && !serverText.isBlank() && serverText.strip().length() < a.words().strip().length();
        recordCut(a, cut ? serverText.strip() : a.heardWords(), at);
    }

    private void recordCut(Answer a, String heard, long atMs) {
        answers.remove(a.itemId);
        history.heard(a.itemId, heard);
        if (!heard.isEmpty()) ctx.transcribe(Direction.OUTBOUND, Speaker.AGENT, Kind.SPEECH, heard, a.heardSince(atMs), atMs, true);
    }

    /** The call is over: what is still waiting goes on the record as far as it was heard. */
    private void recordWhatWasHeard() {
        for (String itemId : List.copyOf(cutAt.keySet())) heardAsCut(itemId, null);
        for (Answer a : List.copyOf(answers.values())) {
            if (a.words().isBlank()) continue;
            if (a.heardInFull()) recordIfHeard(a);
            else recordCut(a, a.heardWords(), ctx.elapsedMs());
        }
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
                case RealtimeServerEvent.ResponseCreated r -> {
                    responseInFlight = r.responseId();
                    spokenInResponse = null;
                }
                case RealtimeServerEvent.ResponseDone d -> {
                    if (d.responseId().equals(responseInFlight)) responseInFlight = null;
                    Answer spoken = spokenInResponse;
                    spokenInResponse = null;
                    if (!d.functionCalls().isEmpty()) runTools(d.functionCalls(), spoken);
                    else ending.responseDone(spoken);
                }
                case RealtimeServerEvent.OutputAudioDelta d -> playModelAudio(d);
                case RealtimeServerEvent.OutputAudioDone d -> audioDone(d.itemId());
                case RealtimeServerEvent.SpeechStarted s -> bargeIn();
                case RealtimeServerEvent.SpeechStopped s -> callerStoppedNanos = System.nanoTime();
                case RealtimeServerEvent.InputTranscriptionCompleted t -> ctx.transcribe(Direction.INBOUND, Speaker.CALLER,
                        Kind.SPEECH, t.transcript(), null, ctx.elapsedMs(), false);
                case RealtimeServerEvent.OutputTranscriptDelta t -> {
                    if (!interrupted.contains(t.itemId())) answer(t.itemId()).streamed.append(t.delta());
                }
                case RealtimeServerEvent.OutputTranscriptDone t -> transcriptDone(t.itemId(), t.transcript());
                case RealtimeServerEvent.ItemRetrieved r -> heardAsCut(r.item().id(), r.item().firstText());
                case RealtimeServerEvent.ServerError e -> {
                    String about = e.error().eventId();
                    if (about != null && about.startsWith(HEARD_PREFIX)) heardAsCut(about.substring(HEARD_PREFIX.length()), null);
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
            for (String itemId : List.copyOf(cutAt.keySet())) heardAsCut(itemId, null);
            Answer a = playing;
            if (midAnswer && a != null && answers.containsKey(a.itemId) && !a.audioDone) {
                // Cut short by the drop, not by the caller: all the audio that arrived is still played.
                recordCut(a, a.words().strip(), ctx.elapsedMs());
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
