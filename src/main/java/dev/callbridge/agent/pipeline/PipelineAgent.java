package dev.callbridge.agent.pipeline;

import dev.callbridge.agent.Agent;
import dev.callbridge.agent.AgentMetrics;
import dev.callbridge.agent.AgentTool;
import dev.callbridge.agent.CallContext;
import dev.callbridge.agent.CallStatsTally;
import dev.callbridge.agent.HangUpAfterGoodbye;
import dev.callbridge.agent.SpokenPrompt;
import dev.callbridge.agent.ToolCalls;
import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.Transcoder;
import dev.callbridge.call.Direction;
import dev.callbridge.call.EndReason;
import dev.callbridge.call.Leg;
import dev.callbridge.call.TranscriptEntry.Kind;
import dev.callbridge.call.TranscriptEntry.Speaker;
import dev.callbridge.engine.EngineFailure;
import dev.callbridge.engine.FunctionTool;
import dev.callbridge.engine.llm.ChatModel;
import dev.callbridge.engine.llm.ToolCall;
import dev.callbridge.engine.stt.SpeechToText;
import dev.callbridge.engine.stt.Transcript;
import dev.callbridge.engine.tts.TextToSpeech;
import dev.callbridge.engine.vad.VoiceActivity;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cascaded agent: the caller's speech goes VAD → speech to text → text model → speech synthesis
 * → back to the caller, each engine behind its seam, streaming all the way: the model's answer is
 * cut into sentences as it arrives ({@link SentenceSplitter}) and each is spoken as soon as it is
 * whole, so the caller hears the start of an answer long before the model has finished it.
 *
 * <p>Turn-taking ({@link CallerSpeech}): the VAD says when the caller starts and stops; an utterance
 * is answered once its final text is in. Barge-in reacts to the VAD, not to words: speech over the
 * agent that lasts {@link Settings#bargeInMin} clears the leg and cancels the text model and the
 * synthesis in flight; the answer keeps, in the record and in the model's history, only the words the
 * caller heard ({@link Reply#heardText}). Shorter speech (a cough, "mm-hm") is transcribed but neither
 * interrupts nor gets an answer.
 *
 * <p>Tools are the realtime agent's ({@link AgentTool}, {@link ToolCalls}, {@link HangUpAfterGoodbye}).
 * An engine that fails past its one retry, or whose circuit is open, ends the call cleanly: the caller
 * hears the fallback prompt, and the record names the engine and its error.
 *
 * <p>Every method runs on the call's context; engines call back on it.
 */
public final class PipelineAgent implements Agent {

    /**
     * @param bargeInMin      speech over the agent shorter than this neither interrupts nor is answered
     * @param toolFillerAfter a tool running this long makes the caller hear "one moment" (zero: never)
     * @param toolFillerEvery and again this often while it runs
     * @param endCallWithin   after {@code end_call}, the call ends this soon at the latest, goodbye heard or not
     */
    public record Settings(String instructions, String greeting, Duration bargeInMin, Duration toolFillerAfter,
                           Duration toolFillerEvery, Duration endCallWithin) {}

    /** What all calls' pipeline agents share: the engines, one circuit breaker each, the tools and the prompts. */
    public record Shared(VoiceActivity.Factory vad, SpeechToText stt, ChatModel llm, TextToSpeech tts, List<AgentTool> tools,
                         Breakers breakers, SpokenPrompt unavailablePrompt, SpokenPrompt toolFillerPrompt, AgentMetrics metrics) {}

    /** One breaker per engine, shared by all calls. */
    public static final class Breakers {
        final EngineBreaker stt = EngineBreaker.standard(EngineFailure.Engine.STT);
        final EngineBreaker llm = EngineBreaker.standard(EngineFailure.Engine.LLM);
        final EngineBreaker tts = EngineBreaker.standard(EngineFailure.Engine.TTS);
    }

    private final Settings settings;
    private final Shared shared;
    private final Map<String, AgentTool> tools = new LinkedHashMap<>();
    private final List<FunctionTool> toolDefinitions;

    // Owned by the call's context.
    private CallContext ctx;
    private Leg caller;
    private CallStatsTally metrics;
    private PipelineHistory history;
    private CallerSpeech hearing;
    private ReplySpeech speaking;
    private ToolCalls toolCalls;
    private HangUpAfterGoodbye ending;
    private String language;
    /** The answer being thought of or spoken; null when the agent is listening. */
    private Answering current;
    /** The utterance that began over the agent: it interrupts only once it has lasted {@code bargeInMin}. */
    private long overAgentSince = -1;
    /** Utterances that started over the agent and never reached {@code bargeInMin}: heard, not answered. */
    private final List<Long> backchannels = new ArrayList<>();
    /** The caller's words that arrived while tools ran: the model hears them after the tools' results. */
    private final List<String> heldWhileTools = new ArrayList<>();
    private int toolsRunning;
    /** An answer whose tools wait for its words to be heard (see {@link AgentTool#leavesTheLine}); null when none. */
    private Answering toolsAfterHeard;
    /** A response held back because the caller was talking when it was due; null when none. */
    private Turn waiting;
    /** Stream ms → call ms: the call's clock when the agent's first audio frame arrived. */
    private long streamOffsetMs = -1;
    private boolean failed;
    private boolean stopped;

    public PipelineAgent(Settings settings, Shared shared) {
        this.settings = settings;
        this.shared = shared;
        for (AgentTool t : shared.tools()) tools.put(t.definition().name(), t);
        this.toolDefinitions = shared.tools().stream().map(AgentTool::definition).toList();
    }

    @Override
    public Future<Void> start(CallContext ctx) {
        this.ctx = ctx;
        this.caller = ctx.legs().get(0);
        this.language = ctx.record().language();
        this.metrics = new CallStatsTally(shared.metrics());
        this.history = new PipelineHistory(settings.instructions());
        this.ending = new HangUpAfterGoodbye(ctx, caller, settings.endCallWithin());
        this.toolCalls = new ToolCalls(tools, ctx, metrics, settings.toolFillerAfter(), settings.toolFillerEvery(),
                shared.toolFillerPrompt(), this::play);
        this.speaking = new ReplySpeech(shared.tts(), shared.breakers().tts, caller.format(), caller::play, () -> language, new Speaking());
        this.hearing = new CallerSpeech(shared.vad(), shared.stt(), shared.breakers().stt, caller.format(), () -> language, new Hearing());
        if (settings.greeting() != null && !settings.greeting().isBlank()) say(settings.greeting());
        return Future.succeededFuture();
    }

    @Override
    public void onAudio(Leg from, AudioChunk chunk) {
        if (stopped || failed) return;
        if (streamOffsetMs < 0) streamOffsetMs = ctx.elapsedMs();
        hearing.audio(chunk);
        if (overAgentSince >= 0 && hearing.speakingMillis() >= settings.bargeInMin().toMillis()) bargeIn();
    }

    @Override
    public void onDtmf(Leg from, char digit) {
        ctx.callerPressed(digit);
    }

    @Override
    public void onHeard(Leg to, Object tag) {
        if (tag instanceof ReplySpeech.Heard h) {
            h.reply().heard(h.micros());
            recordIfHeard(h.reply());
            Answering waiting = toolsAfterHeard;
            if (waiting != null && !waiting.reply.stillPlaying()) {
                toolsAfterHeard = null;
                startTools(waiting);
            }
        }
        ending.heard();
    }

    @Override
    public void onLanguage(String language) {
        this.language = language;
    }

    @Override
    public void stop(EndReason reason) {
        stopped = true;
        if (ctx == null) return;
        if (current != null) {
            Answering a = current;
            current = null;
            a.cancel();
            recordCut(a, false);
        }
        speaking.cancel();
        hearing.close();
        toolCalls.stop();
        ending.stop();
        ctx.reportStats(metrics.snapshot());
    }

    /** The agent speaks a fixed text (the greeting) as its own answer, without the model. */
    private void say(String text) {
        Answering a = new Answering(null);
        current = a;
        speaking.begin(a.reply);
        SentenceSplitter splitter = new SentenceSplitter();
        List<String> pieces = new ArrayList<>(splitter.feed(text));
        pieces.addAll(splitter.flush());
        for (String p : pieces) a.piece(p);
        a.historyEntry = history.agent(a.text(), List.of());
        a.done = true;
        a.reply.textDone();
        speaking.textDone();
    }

    /**
     * Asks the model for the next answer to the conversation so far. An answer still in the making
     * or playing is cut first; while the caller is talking, or words of theirs are still being
     * transcribed, the answer waits for them.
     */
    private void respond(Turn turn) {
        if (failed || stopped) return;
        // After tools, the answer that called them (synthesized by now) is the agent's own: it plays
        // out and is recorded by its marks, and the next answer follows it on the leg.
        if (current != null && turn.afterTools()) current = null;
        if (current != null) bargeIn();
        if (hearing.busy()) {
            waiting = turn;
            return;
        }
        waiting = null;
        if (!shared.breakers().llm.permit()) {
            engineFailed(shared.breakers().llm.open());
            return;
        }
        Answering a = new Answering(turn);
        current = a;
        speaking.begin(a.reply);
        a.ask();
    }

    /** The caller spoke over the agent long enough: stop it where they are. */
    private void bargeIn() {
        overAgentSince = -1;
        Answering a = current;
        if (a == null) return;
        current = null;
        a.cancel();
        speaking.cancel();
        if (a.reply.hasAudio() && a.reply.stillPlaying()) {
            caller.clear();
            metrics.bargeIn();
            ending.cut(a.reply);
        }
        recordCut(a, true);
        startTools(a); // the model asked for them: their results keep its history whole
    }

    /** An answer that will not be heard further: the record and the history keep what was heard. */
    private void recordCut(Answering a, boolean byCaller) {
        Reply r = a.reply;
        if (r.recorded) return;
        r.recorded = true;
        r.cut();
        String heard = r.heardText();
        if (a.historyEntry != null) history.heard(a.historyEntry, heard);
        else if (!heard.isEmpty()) history.agent(heard, List.of());
        if (heard.isEmpty()) return;
        boolean interrupted = byCaller || !heard.equals(r.text());
        long end = ctx.elapsedMs();
        ctx.transcribe(Direction.OUTBOUND, Speaker.AGENT, Kind.SPEECH, heard, r.heardSince(end), end, interrupted);
    }

    /** An answer goes on the record once heard in full. */
    private void recordIfHeard(Reply r) {
        if (r.recorded || !r.heardInFull()) return;
        r.recorded = true;
        String text = r.text();
        long end = ctx.elapsedMs();
        if (!text.isEmpty()) ctx.transcribe(Direction.OUTBOUND, Speaker.AGENT, Kind.SPEECH, text, r.heardSince(end), end, false);
        if (current != null && current.reply == r && current.done) current = null;
    }

    /**
     * Runs the answer's tools once the words before them are synthesized and queued on the leg (or
     * cut): tones from {@code send_dtmf} follow "I'll press one", not the middle of it.
     * {@code toolsRunning} already counts them, so the caller's words meanwhile wait for the results.
     */
    private void startTools(Answering a) {
        startTools(a, false);
    }

    /** @param heardOrNot run them now, even if the words before a transfer are still playing */
    private void startTools(Answering a, boolean heardOrNot) {
        if (!a.toolsPending || failed || stopped) return;
        if (!heardOrNot && a.reply.stillPlaying()
                && a.toolCalls.stream().anyMatch(c -> tools.containsKey(c.name()) && tools.get(c.name()).leavesTheLine())) {
            if (toolsAfterHeard != a) {
                toolsAfterHeard = a; // a transfer waits until "putting you through" has been heard...
                // ...but marks that never come back (a broken stream) must not hold it, and the caller's words, forever.
                ctx.context().owner().setTimer(Math.max(1, settings.endCallWithin().toMillis()), t -> startTools(a, true));
            }
            return;
        }
        if (toolsAfterHeard == a) toolsAfterHeard = null;
        a.toolsPending = false;
        runTools(a);
    }

    private void runTools(Answering a) {
        Reply spoken = a.reply.text().isEmpty() ? null : a.reply;
        toolCalls.run(a.toolCalls, history::toolResult).onSuccess(endCall -> {
            toolsRunning--;
            if (stopped || failed) return;
            for (String held : heldWhileTools) history.caller(held);
            boolean heldWords = !heldWhileTools.isEmpty();
            heldWhileTools.clear();
            boolean answer = endCall ? ending.endCall(spoken) : ending.answersTools();
            if (answer || heldWords) respond(Turn.afterTools(a.turn));
        });
    }

    /** An engine failed past its retry: the caller hears the fallback prompt and the call ends, with the engine on the record. */
    private void engineFailed(EngineFailure f) {
        if (failed || stopped) return;
        failed = true;
        metrics.upstreamFailure(f.engine().label() + "_" + f.kind().label());
        ctx.error(f.engine().label() + "_failed", f.getMessage());
        Answering a = current;
        current = null;
        if (a != null) {
            a.cancel();
            recordCut(a, false);
        }
        speaking.cancel();
        caller.clear();
        play(shared.unavailablePrompt());
        ctx.hangup(EndReason.failure("engine-failed", f.engine().label() + ": " + f.getMessage()));
    }

    private void play(SpokenPrompt prompt) {
        AudioChunk audio = prompt.audio();
        if (!audio.format().equals(caller.format())) audio = new Transcoder(audio.format(), caller.format()).convert(audio);
        caller.play(audio, null);
        long at = ctx.elapsedMs();
        if (prompt == shared.unavailablePrompt()) ctx.transcribe(Direction.OUTBOUND, Speaker.AGENT, Kind.SPEECH, prompt.text(), at, null, false);
    }

    private long callMs(long streamMs) {
        return Math.max(0, streamOffsetMs) + streamMs;
    }

    /** What started a response: the caller's end of speech and the STT's share, for the turn's timings. */
    record Turn(long callerEndedNanos, long sttNanos, boolean afterTools) {
        static Turn afterTools(Turn before) {
            return before == null ? new Turn(0, 0, true) : new Turn(before.callerEndedNanos, before.sttNanos, true);
        }
    }

    /** One response of the model, from request to its last piece of speech. */
    private final class Answering extends ModelAnswer {
        /** The model called tools; they run once this answer's words are synthesized. */
        boolean toolsPending;

        Answering(Turn turn) {
            super(turn, shared.llm(), shared.breakers().llm, new SentenceSplitter(), new Reply());
        }

        @Override
        void ask() {
            start(history.request(language), toolDefinitions);
        }

        @Override
        void piece(String text) {
            super.piece(text); // stamps the model's share before synthesis starts: the shares must not overlap
            speaking.say(text);
        }

        @Override
        void ended() {
            historyEntry = history.agent(text(), toolCalls);
            reply.textDone();
            if (!toolCalls.isEmpty()) {
                toolsPending = true;
                toolsRunning++;
            }
            speaking.textDone(); // once the words are synthesized, Speaking.spoken starts the tools
            if (toolCalls.isEmpty()) ending.responseDone(text().isEmpty() ? null : reply);
            if (current == this && reply.heardInFull()) recordIfHeard(reply);
        }

        @Override
        void failedFor(EngineFailure failure) {
            if (current == this) engineFailed(failure);
        }
    }

    private final class Speaking implements ReplySpeech.Listener {
        @Override
        public void firstAudio(Reply reply, long ttsNanos) {
            reply.audioStarted(ctx.elapsedMs());
            Answering a = current;
            if (a == null || a.reply != reply || a.turn == null || a.turn.callerEndedNanos() == 0) return;
            long total = System.nanoTime() - a.turn.callerEndedNanos();
            metrics.responseLatency(total);
            if (!a.turn.afterTools()) metrics.pipelineTurn(a.turn.sttNanos(), a.firstPieceNanos, ttsNanos, total);
        }

        @Override
        public void spoken(Reply reply) {
            Answering a = current;
            if (a != null && a.reply == reply) startTools(a);
            recordIfHeard(reply);
            ending.heard();
        }

        @Override
        public void failed(Reply reply, EngineFailure failure) {
            engineFailed(failure);
        }
    }

    private final class Hearing implements CallerSpeech.Listener {
        @Override
        public void speechStarted(long startMs) {
            Answering a = current;
            boolean agentBusy = a != null && (!a.done || a.reply.stillPlaying());
            if (!agentBusy) return;
            overAgentSince = startMs;
            if (hearing.speakingMillis() >= settings.bargeInMin().toMillis()) bargeIn();
        }

        @Override
        public void speechEnded(long startMs, long endMs) {
            if (overAgentSince == startMs) {
                backchannels.add(startMs); // too short to interrupt: heard, not answered
                overAgentSince = -1;
            }
        }

        @Override
        public void nothingSaid(long startMs) {
            backchannels.remove(Long.valueOf(startMs));
            if (waiting != null && !hearing.busy()) respond(waiting);
        }

        @Override
        public void utterance(Transcript t, long startMs, long endMs) {
            long callerEnded = System.nanoTime() - t.latency().toNanos();
            ctx.transcribe(Direction.INBOUND, Speaker.CALLER, Kind.SPEECH, t.text(), callMs(startMs), callMs(endMs), false);
            if (backchannels.remove(Long.valueOf(startMs))) {
                if (waiting != null && !hearing.busy()) respond(waiting);
                return;
            }
            if (toolsRunning > 0) {
                heldWhileTools.add(t.text());
                return;
            }
            history.caller(t.text());
            respond(new Turn(callerEnded, t.latency().toNanos(), false));
        }

        @Override
        public void failed(EngineFailure failure) {
            engineFailed(failure);
        }
    }
}
