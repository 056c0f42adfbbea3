package dev.callbridge.agent.pipeline;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.audio.FrameLevel;
import dev.callbridge.engine.EngineFailure;
import dev.callbridge.engine.stt.SpeechToText;
import dev.callbridge.engine.stt.Transcript;
import dev.callbridge.engine.vad.SpeechEvent;
import dev.callbridge.engine.vad.VoiceActivity;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Hears the caller: the VAD finds where each utterance starts and ends, and each utterance goes to
 * speech to text. The VAD reports speech only once it has lasted the minimum, so the last
 * {@link #PRE_ROLL_MILLIS} of audio are kept and an utterance's session is given its audio from
 * where the speech really began: no first syllable is lost. An utterance's audio is also kept (up to
 * {@link #RETRY_MILLIS}) so that a transient STT failure can be retried once with the same audio.
 *
 * <p>Times are stream milliseconds: audio received since the agent started, counted from the samples.
 * All on the call's context; {@link #audio} runs the VAD in place (a fraction of a millisecond per frame).
 */
public final class CallerSpeech implements VoiceActivity.Listener {
    static final int PRE_ROLL_MILLIS = 1500;
    static final int RETRY_MILLIS = 30_000;

    public interface Listener {
        /** The caller has been speaking for the VAD's minimum: a new utterance. */
        void speechStarted(long startMs);

        /** The caller stopped (the VAD's silence minimum has passed); the final text follows. */
        void speechEnded(long startMs, long endMs);

        /**
         * A long utterance was cut into a piece at a dip between words (see {@code pieceAfterMillis}); the
         * piece's text follows through {@link #utterance} like a whole utterance's, and the speech goes on.
         */
        default void pieceEnded(long startMs, long endMs) { }

        /** The utterance's words; never blank. */
        void utterance(Transcript transcript, long startMs, long endMs);

        /** The utterance had no words (noise the VAD took for speech). */
        void nothingSaid(long startMs);

        /** Speech to text failed for the utterance, past the one retry. */
        void failed(EngineFailure failure);
    }

    private record Frame(long startMs, AudioChunk chunk) {}

    /** One utterance: its STT session and, for a retry, its audio. */
    private final class Utterance implements SpeechToText.Listener {
        final long startMs;
        long endMs = -1;
        SpeechToText.Session session;
        final List<AudioChunk> audio = new ArrayList<>();
        long audioMillis;
        boolean retried;
        long openedNanos;

        Utterance(long startMs) {
            this.startMs = startMs;
        }

        void open() {
            openedNanos = System.nanoTime();
            session = stt.open(format, language.get(), this);
        }

        void add(AudioChunk chunk) {
            session.audio(chunk);
            if (audioMillis < RETRY_MILLIS) {
                audio.add(chunk);
                audioMillis += chunk.durationMillis();
            }
        }

        void end(long at) {
            endMs = at;
            session.endOfUtterance();
        }

        @Override
        public void onFinal(Transcript transcript) {
            breaker.succeeded(openedNanos);
            utterances.remove(this);
            if (transcript.text().isBlank()) listener.nothingSaid(startMs);
            else listener.utterance(transcript, startMs, endMs);
        }

        @Override
        public void onFailure(EngineFailure failure) {
            breaker.failed(openedNanos, failure);
            boolean replayable = audioMillis < RETRY_MILLIS && endMs >= 0;
            if (failure.isTransient() && !retried && replayable && breaker.permit()) {
                retried = true;
                open();
                for (AudioChunk c : audio) session.audio(c);
                session.endOfUtterance();
                return;
            }
            utterances.remove(this);
            listener.failed(failure);
        }

        void cancel() {
            session.cancel();
            breaker.cancelled();
        }
    }

    private final VoiceActivity vad;
    private final SpeechToText stt;
    private final EngineBreaker breaker;
    private final AudioFormat format;
    private final Supplier<String> language;
    private final Listener listener;
    /** Once an utterance has lasted this long, it is cut at the next dip between words; 0: never. */
    private final int pieceAfterMillis;
    /** The current piece's mean frame level, to tell a dip between words from the words. */
    private long pieceLevelSum;
    private int pieceFrames;
    private final ArrayDeque<Frame> preRoll = new ArrayDeque<>();
    private long preRollMillis;
    /** The utterance the caller is speaking now, if any. */
    private Utterance speaking;
    /** Every utterance with a session open: the one being spoken and those awaiting their text. */
    private final List<Utterance> utterances = new ArrayList<>();

    public CallerSpeech(VoiceActivity.Factory vads, SpeechToText stt, EngineBreaker breaker, AudioFormat format,
                 Supplier<String> language, Listener listener) {
        this(vads, stt, breaker, format, language, listener, 0);
    }

    /**
     * @param pieceAfterMillis once an utterance has gone on this long, it is cut into a piece at the next
     *                         frame much quieter than the piece so far (a gap between words), so its text
     *                         can be used before the speaker stops; 0 never cuts
     */
    public CallerSpeech(VoiceActivity.Factory vads, SpeechToText stt, EngineBreaker breaker, AudioFormat format,
                 Supplier<String> language, Listener listener, int pieceAfterMillis) {
        this.pieceAfterMillis = pieceAfterMillis;
        this.stt = stt;
        this.breaker = breaker;
        this.format = format;
        this.language = language;
        this.listener = listener;
        this.vad = vads.create(format, this);
    }

    /** The caller's next frame. A frame the VAD cannot take (an odd size) is skipped, not fatal. */
    public void audio(AudioChunk chunk) {
        long at = vad.streamMillis();
        preRoll.add(new Frame(at, chunk));
        preRollMillis += chunk.durationMillis();
        while (preRollMillis - preRoll.peek().chunk().durationMillis() >= PRE_ROLL_MILLIS) {
            preRollMillis -= preRoll.poll().chunk().durationMillis();
        }
        Utterance before = speaking;
        try {
            vad.accept(chunk);
        } catch (IllegalArgumentException e) {
            preRollMillis -= preRoll.pollLast().chunk().durationMillis();
            return;
        }
        // A started utterance was given this frame from the pre-roll; one that just ended does not need its silence.
        if (before != null && speaking == before) {
            before.add(chunk);
            if (pieceAfterMillis > 0) cutAtADip(before, chunk);
        }
    }

    /**
     * A frame under a fifth of the piece's mean level, once the piece is long enough, is a gap between
     * words: the piece ends there and the next begins with the next frame, with no audio lost or doubled.
     */
    private void cutAtADip(Utterance piece, AudioChunk chunk) {
        int level = FrameLevel.meanAbs(chunk);
        long at = vad.streamMillis();
        if (at - piece.startMs >= pieceAfterMillis && pieceFrames > 0 && level * 5L < pieceLevelSum / pieceFrames) {
            piece.end(at);
            listener.pieceEnded(piece.startMs, at);
            pieceLevelSum = 0;
            pieceFrames = 0;
            if (!breaker.permit()) {
                speaking = null;
                listener.failed(breaker.open());
                return;
            }
            Utterance next = new Utterance(at);
            next.open();
            speaking = next;
            utterances.add(next);
            return;
        }
        pieceLevelSum += level;
        pieceFrames++;
    }

    /** How long the current utterance has lasted so far, or -1 when the caller is silent. */
    public long speakingMillis() {
        return speaking == null ? -1 : vad.streamMillis() - speaking.startMs;
    }

    /** The caller is speaking, or words they said are still being transcribed: an answer now would miss them. */
    public boolean busy() {
        return !utterances.isEmpty();
    }

    /** Now, in stream time. */
    public long streamMillis() {
        return vad.streamMillis();
    }

    /** The current utterance is not to be answered (a cough over the agent): its text is dropped. */
    public void discardCurrent() {
        if (speaking == null) return;
        speaking.cancel();
        utterances.remove(speaking);
        speaking = null;
    }

    @Override
    public void onSpeech(SpeechEvent event) {
        switch (event) {
            case SpeechEvent.Started s -> started(s.startMs());
            case SpeechEvent.Ended e -> ended(e);
        }
    }

    private void started(long startMs) {
        if (!breaker.permit()) {
            listener.failed(breaker.open());
            return;
        }
        Utterance u = new Utterance(startMs);
        u.open();
        speaking = u;
        pieceLevelSum = 0;
        pieceFrames = 0;
        utterances.add(u);
        for (Frame f : preRoll) {
            if (f.startMs() + f.chunk().durationMillis() > startMs) u.add(f.chunk());
        }
        listener.speechStarted(startMs);
    }

    private void ended(SpeechEvent.Ended e) {
        Utterance u = speaking;
        speaking = null;
        if (u == null) return; // discarded, or its session could not open
        u.end(e.endMs());
        listener.speechEnded(u.startMs, e.endMs()); // the last piece's start: the utterance's own unless it was cut
    }

    /** Stops listening: sessions in flight are cancelled, the VAD is released. */
    public void close() {
        for (Utterance u : List.copyOf(utterances)) u.cancel();
        utterances.clear();
        speaking = null;
        vad.close();
    }
}
