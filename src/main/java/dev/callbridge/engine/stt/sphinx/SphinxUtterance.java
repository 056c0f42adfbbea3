package dev.callbridge.engine.stt.sphinx;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.audio.Transcoder;
import dev.callbridge.engine.EngineFailure;
import dev.callbridge.engine.EngineFailure.Engine;
import dev.callbridge.engine.EngineFailure.Kind;
import dev.callbridge.engine.stt.SpeechToText;
import dev.callbridge.engine.stt.Transcript;
import io.vertx.core.Context;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * One utterance for {@link SphinxSpeechToText}: its buffer, then its recognition. Every field is
 * touched only on {@link #context}, the call's; the worker sees the audio and the transcoder through
 * the executor's hand-over and answers through {@link Context#runOnContext}.
 */
final class SphinxUtterance implements SpeechToText.Session {
    /** The only language the model knows. */
    static final String ENGLISH = "en";

    private final SphinxSpeechToText engine;
    private final Context context;
    private final AudioFormat format;
    private final Transcoder toModel;
    private final SpeechToText.Listener listener;
    private final int maxBytes;
    /** The audio as the leg sent it (μ-law is a quarter the size of the 16 kHz PCM it becomes). */
    private byte[] buffer = new byte[4096];
    private int length;
    private boolean ended;
    private boolean over;
    private boolean cancelled;
    private long endedAt;
    private long timer = -1;
    private SphinxSpeechToText.Recognition job;

    SphinxUtterance(SphinxSpeechToText engine, Context context, AudioFormat format, Transcoder toModel, String language,
                    SpeechToText.Listener listener) {
        this.engine = engine;
        this.context = context;
        this.format = format;
        this.toModel = toModel;
        this.listener = listener;
        this.maxBytes = (int) Math.min(Integer.MAX_VALUE - 64, (long) format.bytesPerSecond() * engine.limits().maxAudio().toMillis() / 1000);
        if (!isEnglish(language)) {
            failLater(EngineFailure.of(Engine.STT, Kind.REJECTED, "STT: Sphinx has only a US English model; it cannot transcribe '"
                    + language + "' (use STT=openai for other languages)"));
        }
    }

    /** Null (not said) counts as English: it is all this engine hears. */
    private static boolean isEnglish(String language) {
        return language == null || language.toLowerCase(Locale.ROOT).split("[-_]", 2)[0].equals(ENGLISH);
    }

    @Override
    public void audio(AudioChunk chunk) {
        if (ended || over) return;
        if (!chunk.format().equals(format)) throw new IllegalArgumentException("expected " + format + " audio, got " + chunk.format());
        byte[] data = chunk.data();
        if (length + data.length > maxBytes) {
            buffer = null;
            failLater(EngineFailure.of(Engine.STT, Kind.TOO_LONG, "STT: the utterance ran past " + engine.limits().maxAudio().toSeconds()
                    + " s of audio; it was dropped, not recognised"));
            return;
        }
        if (length + data.length > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.min(maxBytes, Math.max(buffer.length * 2, length + data.length)));
        }
        System.arraycopy(data, 0, buffer, length, data.length);
        length += data.length;
    }

    @Override
    public void endOfUtterance() {
        if (ended || over) return;
        ended = true;
        endedAt = System.nanoTime();
        Duration audio = Duration.ofNanos(format.micros(length) * 1000);
        if (length == 0) {
            // Nothing to recognise: an answer without a recognition, still on a later turn and still exactly one.
            finish("empty");
            context.runOnContext(v -> {
                if (!cancelled) listener.onFinal(new Transcript("", ENGLISH, audio, Duration.ZERO));
            });
            return;
        }
        byte[] utterance = Arrays.copyOf(buffer, length);
        buffer = null;
        job = new SphinxSpeechToText.Recognition() {
            @Override
            public void run() {
                if (abandoned()) return;
                try {
                    String text = engine.recognize(toModel.convert(utterance), this::abandoned);
                    context.runOnContext(v -> answer(text, audio));
                } catch (RuntimeException e) {
                    context.runOnContext(v -> fail(EngineFailure.of(Engine.STT, Kind.UNREACHABLE, "STT: Sphinx failed on this utterance: "
                            + EngineFailure.describe(e))));
                }
            }
        };
        if (!engine.submit(job)) {
            failLater(engine.busy());
            return;
        }
        long answer = engine.limits().answer().toMillis();
        timer = engine.vertx().setTimer(answer, id -> {
            timer = -1;
            fail(EngineFailure.of(Engine.STT, Kind.TIMEOUT, "STT: Sphinx gave no text within " + answer
                    + " ms of the end of the utterance (waiting for a free recognizer included)"));
        });
    }

    private void answer(String text, Duration audio) {
        if (over) return;
        long latency = System.nanoTime() - endedAt;
        finish(text.isEmpty() ? "empty" : "final");
        engine.metrics().latency(latency);
        if (!cancelled) listener.onFinal(new Transcript(text, ENGLISH, audio, Duration.ofNanos(latency)));
    }

    /** A failure found inside {@link #audio} or {@link #endOfUtterance}: reported on a later turn of the context, never re-entrantly. */
    private void failLater(EngineFailure failure) {
        if (over) return;
        finish(failure.kind().label());
        context.runOnContext(v -> {
            if (!cancelled) listener.onFailure(failure);
        });
    }

    private void fail(EngineFailure failure) {
        if (over) return;
        finish(failure.kind().label());
        if (!cancelled) listener.onFailure(failure);
    }

    /** Ends the utterance once: counts it, stops its timer, and takes its recognition out of the queue or cuts it short. */
    private void finish(String outcome) {
        over = true;
        buffer = null;
        if (timer >= 0) engine.vertx().cancelTimer(timer);
        timer = -1;
        if (job != null) {
            job.abandon();
            engine.withdraw(job);
        }
        engine.metrics().utterance(outcome);
    }

    @Override
    public void cancel() {
        if (cancelled) return;
        cancelled = true;
        if (!over) finish("cancelled");
    }
}
