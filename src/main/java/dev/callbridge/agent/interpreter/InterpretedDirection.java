package dev.callbridge.agent.interpreter;

import dev.callbridge.agent.CallContext;
import dev.callbridge.agent.pipeline.CallerSpeech;
import dev.callbridge.agent.pipeline.Reply;
import dev.callbridge.agent.pipeline.ReplySpeech;
import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.call.Interpretation.Side;
import dev.callbridge.engine.EngineFailure;
import dev.callbridge.engine.stt.Transcript;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * One way through an interpreted call: the speaker's voice → VAD → speech to text in the speaker's
 * language → translation → speech in the listener's language → the listener's earpiece. The two
 * directions of a call run side by side and know nothing of each other; the agent tells one to
 * {@link #cut} when its listener talks over it.
 *
 * <p>Each utterance is a {@link Turn}. A long one is cut into pieces at dips between words (see
 * {@link CallerSpeech}); each piece is transcribed and translated as soon as it ends, and the pieces
 * are spoken in order into one {@link Reply}, so the listener starts hearing before the speaker has
 * finished. Turns are spoken one after another, in the order they were said: a new turn's audio
 * queues behind the one still playing. Translations may come back out of order; speech never does.
 *
 * <p>All on the call's context.
 */
final class InterpretedDirection {
    /** Between comfort tones while a listener waits for an interpretation with nothing else playing. */
    static final long TONE_EVERY_MS = 1500;
    /** The first tone comes this long after the speaker stopped: most interpretations arrive before it. */
    static final long FIRST_TONE_AFTER_MS = 700;
    /**
     * Turns waiting to be interpreted. Only a speaker talking on for minutes while the engines cannot keep
     * up reaches it; the oldest waiting turn then goes on the record untranslated, rather than memory growing.
     */
    static final int MAX_QUEUED_TURNS = 32;

    interface Failure {
        /** An engine failed past its retry: the agent apologizes to both parties and ends the call. */
        void failed(EngineFailure failure);
    }

    /** A piece of an utterance: its words once transcribed, then their translation. */
    private static final class Piece {
        final long startMs;
        final long endMs;
        /** When it ended on the call's clock (stream time counts only audio received, which may have gaps). */
        final long callEndMs;
        final long endedNanos;
        String text;
        String translation;
        /** The engines' shares of this piece, for the turn's split: speech to text, translation. */
        long sttNanos;
        long translateNanos;

        Piece(long startMs, long endMs, long callEndMs) {
            this.startMs = startMs;
            this.endMs = endMs;
            this.callEndMs = callEndMs;
            this.endedNanos = System.nanoTime();
        }

        boolean ready() {
            return translation != null;
        }
    }

    /** One utterance of the speaker, as the listener gets it. */
    private static final class Turn {
        final long callStartMs;
        final String language;
        final List<Piece> pieces = new ArrayList<>();
        Reply reply = new Reply();
        boolean speechOver;
        int said;
        boolean textDone;
        boolean firstAudio;
        boolean recorded;

        Turn(long callStartMs, String language) {
            this.callStartMs = callStartMs;
            this.language = language;
        }

        /** Its audio was dropped before any of it was heard: it is to be spoken again from its first piece. */
        void restart() {
            reply = new Reply();
            said = 0;
            textDone = false;
        }

        Piece piece(long startMs) {
            for (Piece p : pieces) if (p.startMs == startMs) return p;
            return null;
        }

        String text() {
            return String.join(" ", pieces.stream().map(p -> p.text).filter(t -> t != null && !t.isBlank()).toList());
        }

        long callEndMs() {
            return pieces.isEmpty() ? callStartMs : pieces.get(pieces.size() - 1).callEndMs;
        }
    }

    private final Side speaker;
    private final InterpreterAgent.Shared shared;
    private final CallContext ctx;
    private final Earpiece listener;
    private final boolean tones;
    private final DirectionTally tally;
    private final Failure failure;
    /** Whether the listener is talking now: a turn not yet begun waits until they stop, rather than start over them. */
    private final BooleanSupplier listenerTalking;
    private final CallerSpeech hearing;
    private final ReplySpeech speaking;

    /** Turns not yet wholly handed to synthesis, oldest first; the head is the one being spoken. */
    private final ArrayDeque<Turn> queue = new ArrayDeque<>();
    /** Turns wholly synthesized whose audio the listener has not yet heard to its end. */
    private final List<Turn> playing = new ArrayList<>();
    /** The turn the speaker is saying now, if any. */
    private Turn current;
    private Turn speakingTurn;
    private long toneTimer = -1;
    private boolean closed;

    /**
     * @param tones    whether gaps are covered with {@link ComfortTone} (the interpretation-only mix; the other has the original voice)
     */
    InterpretedDirection(Side speaker, InterpreterAgent.Shared shared, InterpreterAgent.Settings settings, CallContext ctx,
                         AudioFormat speakerFormat, Earpiece listener, boolean tones, DirectionTally tally,
                         BooleanSupplier listenerTalking, Failure failure) {
        this.listenerTalking = listenerTalking;
        this.speaker = speaker;
        this.shared = shared;
        this.ctx = ctx;
        this.listener = listener;
        this.tones = tones;
        this.tally = tally;
        this.failure = failure;
        this.hearing = new CallerSpeech(shared.vad(), shared.stt(), shared.breakers().stt(), speakerFormat,
                () -> language(speaker), new Hearing(), settings.pieceAfterMillis());
        this.speaking = new ReplySpeech(shared.tts(), shared.breakers().tts(), listener.format(), listener::play,
                () -> language(speaker.other()), new Speaking());
    }

    private String language(Side side) {
        return ctx.record().interpreter().language(side);
    }

    /** The speaker's next frame. */
    void audio(AudioChunk chunk) {
        if (closed) return;
        hearing.audio(chunk);
        listener.original(chunk);
    }

    /** How long the speaker has been talking in their current utterance, or -1. */
    long speakingMillis() {
        return hearing.speakingMillis();
    }

    /** Whether the listener is hearing an interpretation: some of it went to their earpiece and is not all heard yet. */
    boolean playing() {
        return !playing.isEmpty() || (speakingTurn != null && speakingTurn.reply.hasAudio());
    }

    /** The listener heard up to a tag of this direction's audio. */
    void heard(ReplySpeech.Heard h) {
        h.reply().heard(h.micros());
        for (Iterator<Turn> it = playing.iterator(); it.hasNext(); ) {
            Turn t = it.next();
            if (t.reply == h.reply() && t.reply.heardInFull()) {
                it.remove();
                record(t, false);
            }
        }
    }

    /**
     * The listener talked over the interpretation: what they are hearing stops where they are, and
     * the record keeps, for each turn cut, the words they heard, marked interrupted. Turns they had
     * not begun to hear (queued, even if already synthesized and sent to their leg) are kept, and
     * spoken again once the listener stops talking. A turn the speaker is still saying goes on.
     */
    void cut() {
        if (!playing()) return;
        listener.clear();
        speaking.cancel();
        List<Turn> dropped = new ArrayList<>();
        List<Turn> again = new ArrayList<>();
        for (Turn t : playing) (t.reply.heardAny() ? dropped : again).add(t);
        playing.clear();
        Turn head = speakingTurn;
        speakingTurn = null;
        if (head != null && head.reply.hasAudio()) {
            if (head.reply.heardAny() && head != current) {
                queue.remove(head);
                dropped.add(head);
            } else if (!head.reply.heardAny()) {
                head.restart();
            }
        }
        for (int i = again.size() - 1; i >= 0; i--) {
            again.get(i).restart();
            queue.addFirst(again.get(i));
        }
        for (Turn t : dropped) {
            t.reply.cut();
            record(t, true);
        }
        tally.interrupted();
        pump();
    }

    /** The listener stopped talking: a turn that waited for them can begin. */
    void listenerQuiet() {
        if (speakingTurn == null) pump();
    }

    /** The call is ending: nothing more is heard or said; what the listener heard so far goes on the record. */
    void close() {
        if (closed) return;
        closed = true;
        stopTones();
        hearing.close();
        speaking.cancel();
        for (Turn t : playing) record(t, !t.reply.heardInFull());
        // Words said but not (all) interpreted are kept too: the record loses nothing the speaker said.
        for (Turn t : queue) record(t, true);
        playing.clear();
        queue.clear();
    }

    private void record(Turn t, boolean interrupted) {
        if (t.recorded) return;
        String said = t.text();
        if (said.isBlank()) return;
        t.recorded = true;
        boolean translated = t.pieces.stream().anyMatch(p -> p.translation != null && !p.translation.isBlank());
        // null: it was never interpreted (the call or an engine stopped first); "": interpreted, but none of it heard.
        String heard = !translated ? null : interrupted ? t.reply.heardText() : t.reply.text();
        ctx.interpreted(speaker, t.language, said, heard, t.callStartMs, t.callEndMs(), interrupted);
    }

    /** Hands ready pieces of the head turn to synthesis, in order, and moves on to the next turn once it is all said. */
    private void pump() {
        if (closed) return;
        Turn head = queue.peek();
        if (head == null) return;
        if (speakingTurn != head) {
            if (listenerTalking.getAsBoolean()) return; // resumed once they stop: see listenerQuiet()
            speakingTurn = head;
            speaking.begin(head.reply);
        }
        while (head.said < head.pieces.size() && head.pieces.get(head.said).ready()) {
            String t = head.pieces.get(head.said++).translation;
            if (!t.isBlank()) speaking.say(t);
        }
        if (head.speechOver && head.said == head.pieces.size() && !head.textDone) {
            head.textDone = true;
            head.reply.textDone();
            speaking.textDone(); // calls back spoken() once the last piece is synthesized: maybe at once
        }
    }

    private void translate(Turn turn, Piece piece, boolean retry) {
        long started = System.nanoTime();
        if (!shared.breakers().translate().permit()) {
            fail(shared.breakers().translate().open());
            return;
        }
        shared.translator().translate(piece.text, turn.language, language(speaker.other())).onComplete(ar -> {
            if (closed) {
                shared.breakers().translate().cancelled();
                return;
            }
            if (ar.succeeded()) {
                shared.breakers().translate().succeeded(started);
                tally.translated(ar.result().latency().toNanos());
                piece.translateNanos = ar.result().latency().toNanos();
                piece.translation = ar.result().text();
                pump();
                return;
            }
            EngineFailure f = ar.cause() instanceof EngineFailure e ? e
                    : EngineFailure.of(EngineFailure.Engine.TRANSLATE, EngineFailure.Kind.UNREACHABLE, String.valueOf(ar.cause().getMessage()));
            shared.breakers().translate().failed(started, f);
            if (f.isTransient() && retry) translate(turn, piece, false);
            else fail(f);
        });
    }

    private void fail(EngineFailure f) {
        if (closed) return;
        failure.failed(f);
    }

    private void waitWithTones() {
        if (!tones || toneTimer >= 0) return;
        Vertx vertx = ctx.context().owner();
        toneTimer = vertx.setTimer(FIRST_TONE_AFTER_MS, id -> tone());
    }

    private void tone() {
        toneTimer = -1;
        if (closed) return;
        Turn head = queue.peek();
        // Only into silence: not over an interpretation still playing, and not once this one has begun.
        boolean waiting = head != null && head.speechOver && !head.firstAudio && playing.isEmpty();
        if (!waiting) return;
        listener.play(ComfortTone.in(listener.format()), null);
        toneTimer = ctx.context().owner().setTimer(TONE_EVERY_MS, id -> tone());
    }

    private void stopTones() {
        if (toneTimer >= 0) ctx.context().owner().cancelTimer(toneTimer);
        toneTimer = -1;
    }

    /** What the speaker's VAD and STT report. */
    private final class Hearing implements CallerSpeech.Listener {
        @Override
        public void speechStarted(long startMs) {
            if (queue.size() >= MAX_QUEUED_TURNS) dropOldestWaiting();
            current = new Turn(callMillis(startMs), language(speaker));
            queue.add(current);
        }

        /** A moment of the speaker's stream, on the call's clock: as long before now as it is before the stream's end. */
        private long callMillis(long streamMs) {
            return Math.max(0, ctx.elapsedMs() - (hearing.streamMillis() - streamMs));
        }

        private void dropOldestWaiting() {
            for (Iterator<Turn> it = queue.iterator(); it.hasNext(); ) {
                Turn t = it.next();
                if (t == speakingTurn) continue;
                it.remove();
                t.reply.cut();
                record(t, true);
                return;
            }
        }

        @Override
        public void pieceEnded(long startMs, long endMs) {
            if (current != null) current.pieces.add(new Piece(startMs, endMs, callMillis(endMs)));
        }

        @Override
        public void speechEnded(long startMs, long endMs) {
            Turn t = current;
            current = null;
            if (t == null) return;
            t.pieces.add(new Piece(startMs, endMs, callMillis(endMs)));
            t.speechOver = true;
            waitWithTones();
            pump();
        }

        @Override
        public void utterance(Transcript transcript, long startMs, long endMs) {
            located(startMs, transcript.text(), transcript.latency().toNanos());
        }

        @Override
        public void nothingSaid(long startMs) {
            located(startMs, "", 0);
        }

        private void located(long startMs, String text, long sttNanos) {
            for (Turn t : queue) {
                Piece p = t.piece(startMs);
                if (p == null || p.text != null) continue;
                p.text = text;
                p.sttNanos = sttNanos;
                if (text.isBlank()) {
                    p.translation = "";
                    pump();
                } else {
                    translate(t, p, true);
                }
                return;
            }
        }

        @Override
        public void failed(EngineFailure f) {
            fail(f);
        }
    }

    /** What synthesis reports about the head turn. */
    private final class Speaking implements ReplySpeech.Listener {
        @Override
        public void firstAudio(Reply reply, long ttsNanos) {
            Turn head = queue.peek();
            if (head == null || head.reply != reply || head.firstAudio) return;
            head.firstAudio = true;
            Piece first = head.pieces.get(0);
            tally.firstAudio(System.nanoTime() - first.endedNanos, first.sttNanos, first.translateNanos, ttsNanos);
        }

        @Override
        public void spoken(Reply reply) {
            Turn head = queue.peek();
            if (head == null || head.reply != reply) return;
            queue.poll();
            speakingTurn = null;
            if (reply.hasAudio()) playing.add(head);
            else record(head, false); // nothing to hear (no words, or only noise): on the record if anything was said
            if (queue.peek() != null && queue.peek().speechOver && !queue.peek().firstAudio) waitWithTones();
            pump();
        }

        @Override
        public void failed(Reply reply, EngineFailure f) {
            fail(f);
        }
    }
}
