package dev.callbridge.agent.pipeline;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.call.Leg;
import dev.callbridge.engine.EngineFailure;
import dev.callbridge.engine.tts.SpeechListener;
import dev.callbridge.engine.tts.Synthesis;
import dev.callbridge.engine.tts.TextToSpeech;
import java.util.ArrayDeque;
import java.util.function.Supplier;

/**
 * Speaks one {@link Reply} at a time, piece after piece: each piece goes to speech synthesis as soon
 * as the one before it has been synthesized (not heard: synthesis runs ahead of playback, so the
 * leg always has the next sentence queued), and its audio goes to the leg frame by frame as it
 * arrives. Audio is tagged every {@link #TAG_EVERY_MICROS} and at each piece's end; the leg hands the
 * tags back as the caller hears them, which is how the agent knows what was heard.
 *
 * <p>A transient failure before a piece's first audio is retried once; any other failure goes to
 * the listener, which ends the call. All on the call's context.
 */
public final class ReplySpeech {
    /** Model audio is tagged at most this often, as for the realtime agent: a cut is at most this short of what was heard. */
    static final long TAG_EVERY_MICROS = 100_000;
    /** A reply's pieces waiting for synthesis; a model that writes more than this is cut, not buffered without end. */
    static final int MAX_QUEUED_PIECES = 64;

    /** The tag on reply audio: once it comes back, {@code micros} of {@code reply} have been heard. */
    public record Heard(Reply reply, long micros) {}

    /** Where the audio goes: a leg's {@link Leg#play}, or anything that plays and tags like it. */
    @FunctionalInterface
    public interface Playback {
        void play(AudioChunk chunk, Object tag);
    }

    public interface Listener {
        /** The first audio of a reply went to the leg; {@code ttsNanos} after its first piece was sent to synthesis. */
        void firstAudio(Reply reply, long ttsNanos);

        /** Every piece of a reply whose text is done has been synthesized and queued on the leg. */
        void spoken(Reply reply);

        /** Synthesis failed past the one retry; the reply is abandoned. */
        void failed(Reply reply, EngineFailure failure);
    }

    private final TextToSpeech tts;
    private final EngineBreaker breaker;
    private final AudioFormat format;
    private final Playback out;
    private final Supplier<String> language;
    private final Listener listener;

    private Reply reply;
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private boolean textDone;
    private Synthesis inFlight;
    private String inFlightText;
    private boolean retried;
    private long pieceStartedNanos;
    private long pieceAudioMicros;
    private boolean firstAudioSeen;
    private long replyStartedNanos;

    public ReplySpeech(TextToSpeech tts, EngineBreaker breaker, AudioFormat format, Playback out, Supplier<String> language,
                       Listener listener) {
        this.tts = tts;
        this.breaker = breaker;
        this.format = format;
        this.out = out;
        this.language = language;
        this.listener = listener;
    }

    /** Starts speaking a new reply; whatever the previous one still had queued is dropped. */
    public void begin(Reply next) {
        cancel();
        reply = next;
        textDone = false;
        firstAudioSeen = false;
        replyStartedNanos = 0;
    }

    /** The next piece of the current reply's text. */
    public void say(String piece) {
        if (reply == null || reply.isCut()) return;
        if (queue.size() >= MAX_QUEUED_PIECES) return; // a runaway answer: the caller will not sit through it anyway
        queue.add(piece);
        next();
    }

    /** The current reply's text is complete. */
    public void textDone() {
        if (reply == null) return;
        textDone = true;
        next();
    }

    /** Stops: the synthesis in flight is cancelled and the queue dropped. The leg is the caller's to clear. */
    public void cancel() {
        queue.clear();
        if (inFlight != null) {
            inFlight.cancel();
            inFlight = null;
            breaker.cancelled();
        }
        reply = null;
    }

    private void next() {
        if (inFlight != null || reply == null) return;
        String piece = queue.poll();
        if (piece == null) {
            if (textDone) finish();
            return;
        }
        retried = false;
        start(piece);
    }

    private void start(String piece) {
        Reply r = reply;
        if (!breaker.permit()) {
            abandon(r, breaker.open());
            return;
        }
        inFlightText = piece;
        pieceStartedNanos = System.nanoTime();
        if (replyStartedNanos == 0) replyStartedNanos = pieceStartedNanos;
        pieceAudioMicros = 0;
        r.startPiece(piece);
        inFlight = tts.speak(piece, language.get(), format, new SpeechListener() {
            @Override
            public void onAudio(AudioChunk frame) {
                if (reply != r) return;
                play(r, frame);
            }

            @Override
            public void onEnd() {
                if (reply != r) return;
                breaker.succeeded(pieceStartedNanos);
                inFlight = null;
                r.pieceSynthesized();
                if (r.taggedMicros < r.sentMicros()) tagEnd(r);
                next();
            }

            @Override
            public void onFailure(EngineFailure failure) {
                if (reply != r) return;
                breaker.failed(pieceStartedNanos, failure);
                inFlight = null;
                if (failure.isTransient() && pieceAudioMicros == 0 && !retried) {
                    retried = true;
                    r.dropLastPiece();
                    start(inFlightText);
                    return;
                }
                abandon(r, failure);
            }
        });
    }

    private void play(Reply r, AudioChunk frame) {
        if (!firstAudioSeen) {
            firstAudioSeen = true;
            listener.firstAudio(r, System.nanoTime() - replyStartedNanos);
        }
        long micros = frame.durationMicros();
        pieceAudioMicros += micros;
        r.sent(micros);
        boolean tag = r.sentMicros() - r.taggedMicros >= TAG_EVERY_MICROS;
        if (tag) r.taggedMicros = r.sentMicros();
        out.play(frame, tag ? new Heard(r, r.sentMicros()) : null);
    }

    /** An empty chunk marks the position: its tag comes back once everything before it was heard. */
    private void tagEnd(Reply r) {
        r.taggedMicros = r.sentMicros();
        out.play(new AudioChunk(format, new byte[0]), new Heard(r, r.sentMicros()));
    }

    private void finish() {
        Reply r = reply;
        r.audioDone();
        reply = null;
        listener.spoken(r);
    }

    private void abandon(Reply r, EngineFailure failure) {
        queue.clear();
        reply = null;
        listener.failed(r, failure);
    }
}
