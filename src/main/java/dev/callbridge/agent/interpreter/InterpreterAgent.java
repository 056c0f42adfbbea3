package dev.callbridge.agent.interpreter;

import dev.callbridge.agent.Agent;
import dev.callbridge.agent.CallContext;
import dev.callbridge.agent.pipeline.EngineBreaker;
import dev.callbridge.agent.pipeline.ReplySpeech;
import dev.callbridge.audio.AudioChunk;
import dev.callbridge.call.CallStats;
import dev.callbridge.call.CallStatus;
import dev.callbridge.call.EndReason;
import dev.callbridge.call.Interpretation;
import dev.callbridge.call.Interpretation.Side;
import dev.callbridge.call.Leg;
import dev.callbridge.call.PartyUnanswered;
import dev.callbridge.call.TranscriptEntry;
import dev.callbridge.call.Direction;
import dev.callbridge.engine.EngineFailure;
import dev.callbridge.engine.stt.SpeechToText;
import dev.callbridge.engine.translate.Translator;
import dev.callbridge.engine.tts.TextToSpeech;
import dev.callbridge.engine.vad.VoiceActivity;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The live interpreter ({@code agent: interpreter}): two people on one call, each speaking their own
 * language and hearing the other in theirs. Party A is the call's first leg. Once A is on the line
 * and hears "please hold" in A's language, B is dialled ({@link CallContext#dialSecondParty}); when B
 * answers, each party is told in their own language that the call is interpreted, and two
 * {@link InterpretedDirection}s run side by side, A→B and B→A. Whoever talks over an
 * interpretation they are hearing cuts it where they are. DTMF from one party is played to the other.
 *
 * <p>B busy, not answering or unreachable is told to A in A's language, and the call ends with that
 * reason. An engine failing mid-call (past its retry) is told to both, each in their language, and
 * the call ends cleanly. All on the call's context.
 */
public final class InterpreterAgent implements Agent {
    /** What each listener hears. */
    public enum Mix { TRANSLATION, BOTH }

    /**
     * @param bargeInMin       how long a listener must talk over an interpretation before it stops
     * @param pieceAfterMillis a turn longer than this is interpreted in pieces, cut at dips between words
     * @param mix              interpretation only, or over the other party's ducked voice
     * @param answerWithin     how long B may take to answer and have their media join
     * @param endCallWithin    how long a goodbye may take to be heard before the call is ended anyway
     */
    public record Settings(Duration bargeInMin, int pieceAfterMillis, Mix mix, Duration answerWithin, Duration endCallWithin) {
        public static final int PIECE_AFTER_MILLIS = 4000;
        public static final Duration ANSWER_WITHIN = Duration.ofSeconds(75);
    }

    /** The engines' circuit breakers, shared by every interpreted call. */
    public record Breakers(EngineBreaker stt, EngineBreaker translate, EngineBreaker tts) {
        public static Breakers standard() {
            return new Breakers(EngineBreaker.standard(EngineFailure.Engine.STT), EngineBreaker.standard(EngineFailure.Engine.TRANSLATE),
                    EngineBreaker.standard(EngineFailure.Engine.TTS));
        }
    }

    /** What all interpreted calls share. */
    public record Shared(VoiceActivity.Factory vad, SpeechToText stt, Translator translator, TextToSpeech tts, Breakers breakers,
                         InterpreterMetrics metrics, InterpreterPrompts prompts) {
        public Shared(VoiceActivity.Factory vad, SpeechToText stt, Translator translator, TextToSpeech tts, Breakers breakers,
                      InterpreterMetrics metrics) {
            this(vad, stt, translator, tts, breakers, metrics, new InterpreterPrompts(translator));
        }
    }

    private final Settings settings;
    private final Shared shared;
    private final InterpreterPrompts prompts;

    // Owned by the call's context.
    private CallContext ctx;
    private Leg a;
    private Leg b;
    private Earpiece earA;
    private Earpiece earB;
    private InterpretedDirection aToB;
    private InterpretedDirection bToA;
    private final DirectionTally tallyAB;
    private final DirectionTally tallyBA;
    private final List<SpokenPromptPlayer> prompting = new ArrayList<>();
    private long answerTimer = -1;
    private boolean ending;
    private boolean stopped;

    public InterpreterAgent(Settings settings, Shared shared) {
        this.settings = settings;
        this.shared = shared;
        this.prompts = shared.prompts();
        this.tallyAB = new DirectionTally(shared.metrics());
        this.tallyBA = new DirectionTally(shared.metrics());
    }

    @Override
    public Future<Void> start(CallContext ctx) {
        this.ctx = ctx;
        if (ctx.record().interpreter() == null) {
            return Future.failedFuture(new IllegalStateException("agent interpreter needs a call with an interpreter block (party b and languages)"));
        }
        a = ctx.legs().get(0);
        earA = earpiece(a);
        // The prompts in both languages are learnt now, while the translator is surely up: an apology must not need it later.
        prompts.learn(language(Side.B));
        prompts.learn(language(Side.A)).onComplete(v -> {
            if (!ending && b == null) say(Side.A, InterpreterPrompts.Prompt.CONNECTING, null);
        });
        answerTimer = ctx.context().owner().setTimer(settings.answerWithin().toMillis(), id -> {
            answerTimer = -1;
            if (b == null) unanswered(new PartyUnanswered(CallStatus.NO_ANSWER, "not on the line within " + settings.answerWithin().toSeconds() + " s"));
        });
        ctx.dialSecondParty().onComplete(ar -> {
            if (ar.succeeded()) joined(ar.result());
            else unanswered(ar.cause());
        });
        return Future.succeededFuture();
    }

    private Earpiece earpiece(Leg leg) {
        return settings.mix() == Mix.BOTH ? new DuckedMix(leg, ctx.context()) : new InterpretationOnly(leg);
    }

    private String language(Side side) {
        return ctx.record().interpreter().language(side);
    }

    private void joined(Leg legB) {
        if (answerTimer >= 0) ctx.context().owner().cancelTimer(answerTimer);
        answerTimer = -1;
        if (ending || stopped) return;
        b = legB;
        earB = earpiece(b);
        for (SpokenPromptPlayer p : prompting) p.cancel(); // "please hold" is over
        prompting.clear();
        earA.clear();
        boolean tones = settings.mix() == Mix.TRANSLATION;
        aToB = new InterpretedDirection(Side.A, shared, settings, ctx, a.format(), earB, tones, tallyAB,
                () -> bToA.speakingMillis() >= 0, this::engineFailed);
        bToA = new InterpretedDirection(Side.B, shared, settings, ctx, b.format(), earA, tones, tallyBA,
                () -> aToB.speakingMillis() >= 0, this::engineFailed);
        say(Side.A, InterpreterPrompts.Prompt.CONNECTED_A, null);
        say(Side.B, InterpreterPrompts.Prompt.CONNECTED_B, null);
    }

    private void unanswered(Throwable why) {
        if (ending || stopped || b != null) return;
        ending = true;
        if (answerTimer >= 0) ctx.context().owner().cancelTimer(answerTimer);
        CallStatus status = why instanceof PartyUnanswered p ? p.status() : CallStatus.FAILED;
        String detail = why instanceof PartyUnanswered p ? p.detail() : why.getMessage();
        InterpreterPrompts.Prompt prompt = switch (status) {
            case BUSY -> InterpreterPrompts.Prompt.BUSY;
            case NO_ANSWER -> InterpreterPrompts.Prompt.NO_ANSWER;
            default -> InterpreterPrompts.Prompt.UNREACHABLE;
        };
        EndReason reason = status == CallStatus.BUSY || status == CallStatus.NO_ANSWER
                ? EndReason.of("party-b-" + status.wireName(), detail)
                : EndReason.failure("party-b-" + status.wireName(), detail);
        for (SpokenPromptPlayer p : prompting) p.cancel();
        prompting.clear();
        earA.clear();
        hangUpAfter(List.of(Side.A), prompt, reason);
    }

    /** An engine failed past its retry: both parties hear an apology in their language, then the call ends. */
    private void engineFailed(EngineFailure failure) {
        if (ending || stopped) return;
        ending = true;
        shared.metrics().engineFailed(failure.engine().label());
        ctx.error("interpreter-" + failure.engine().label() + "-failed", failure.getMessage());
        aToB.close();
        bToA.close();
        earA.clear();
        earB.clear();
        hangUpAfter(List.of(Side.A, Side.B), InterpreterPrompts.Prompt.APOLOGY,
                EndReason.failure(failure.engine().label() + "-failed", failure.getMessage()));
    }

    /** Says {@code prompt} to each of {@code sides}, and hangs up once all have heard it, or after {@code endCallWithin} at most. */
    private void hangUpAfter(List<Side> sides, InterpreterPrompts.Prompt prompt, EndReason reason) {
        int[] left = {sides.size()};
        Runnable oneHeard = () -> {
            if (--left[0] == 0) ctx.hangup(reason);
        };
        for (Side side : sides) say(side, prompt, oneHeard);
        ctx.context().owner().setTimer(settings.endCallWithin().toMillis(), id -> ctx.hangup(reason));
    }

    private void say(Side side, InterpreterPrompts.Prompt prompt, Runnable whenHeard) {
        Earpiece ear = side == Side.A ? earA : earB;
        String lang = language(side);
        prompting.add(SpokenPromptPlayer.say(shared.tts(), prompts.text(prompt, lang), prompts.speaks(lang) ? lang : "en", ear,
                whenHeard == null ? () -> { } : whenHeard));
    }

    @Override
    public void onAudio(Leg from, AudioChunk chunk) {
        if (aToB == null || ending) return; // before B joins there is no one to interpret for
        InterpretedDirection speaking = from == a ? aToB : bToA;
        InterpretedDirection hearing = from == a ? bToA : aToB;
        speaking.audio(chunk);
        long talking = speaking.speakingMillis();
        if (talking < 0) hearing.listenerQuiet();
        else if (talking >= settings.bargeInMin().toMillis() && hearing.playing()) hearing.cut();
    }

    @Override
    public void onDtmf(Leg from, char digit) {
        Leg to = from == a ? b : a;
        long at = ctx.elapsedMs();
        ctx.transcribe(Direction.INBOUND, from == a ? TranscriptEntry.Speaker.A : TranscriptEntry.Speaker.B,
                TranscriptEntry.Kind.DTMF, String.valueOf(digit), at, at, false);
        if (to != null && !ending) to.sendDtmf(String.valueOf(digit));
    }

    @Override
    public void onHeard(Leg to, Object tag) {
        if (tag instanceof SpokenPromptPlayer.PromptHeard p) {
            prompting.remove(p.player());
            p.player().heard();
        } else if (tag instanceof ReplySpeech.Heard h && aToB != null) {
            (to == b ? aToB : bToA).heard(h);
        }
    }

    @Override
    public void onLanguage(Side party, String language) {
        // The directions read each side's language at every utterance; the prompts must exist in it too.
        prompts.learn(language);
    }

    @Override
    public void stop(EndReason reason) {
        if (stopped) return;
        stopped = true;
        if (answerTimer >= 0) ctx.context().owner().cancelTimer(answerTimer);
        for (SpokenPromptPlayer p : prompting) p.cancel();
        prompting.clear();
        if (aToB != null) {
            aToB.close();
            bToA.close();
        }
        if (earA != null) earA.close();
        if (earB != null) earB.close();
        ctx.reportStats(new CallStats(0, null, null, 0, 0, 0, null, 0, 0, null, null, null, null,
                new CallStats.Interpreter(tallyAB.snapshot(), tallyBA.snapshot())));
    }
}
