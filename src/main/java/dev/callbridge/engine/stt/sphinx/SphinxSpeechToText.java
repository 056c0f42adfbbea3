package dev.callbridge.engine.stt.sphinx;

import dev.callbridge.audio.AudioFormat;
import dev.callbridge.audio.Transcoder;
import dev.callbridge.config.Config;
import dev.callbridge.engine.EngineFailure;
import dev.callbridge.engine.EngineFailure.Engine;
import dev.callbridge.engine.EngineFailure.Kind;
import dev.callbridge.engine.stt.SpeechToText;
import dev.callbridge.engine.stt.SpeechToTextMetrics;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SpeechToText} in process and offline with CMU Sphinx4, its US English acoustic model and a
 * JSGF grammar ({@link SphinxGrammar}): the engine for phone menus, yes or no, and digit strings.
 * With a grammar it is accurate and fast (a spoken "four two seven" through μ-law comes back as
 * "four two seven" in about a tenth of its duration); it hears nothing but the grammar's phrases,
 * so anything else a caller says comes back as the closest one (through {@code menu}, often a string
 * of digits), with no confidence score: an agent should confirm what it heard. Sphinx's free-speech
 * language model, measured, ran many times slower than real time and got phone audio wrong, so it is
 * not offered. English only: an utterance opened with another language fails at once as
 * {@link Kind#REJECTED}.
 *
 * <p>Batch, like the OpenAI-compatible engine: each utterance's audio is buffered as the leg sent it
 * (bounded by {@link Limits#maxAudio}; past it the utterance fails as {@link Kind#TOO_LONG}), and
 * {@code endOfUtterance} hands it to a worker. A worker converts it to 16 kHz 16-bit PCM (the model's
 * rate) with the audio package's {@link Transcoder} and runs one of the pool's recognizers on it; the
 * text comes back on the session's context.
 *
 * <p>Bounded everywhere: {@code workers} threads, each with a recognizer of its own (Sphinx's are not
 * thread-safe, and each holds about 80 MB of model); a queue of {@link Limits#queue} utterances waiting
 * for one; beyond that an utterance fails at once as {@link Kind#UNREACHABLE} ("all busy", transient:
 * a later utterance may find a free recognizer) rather than queueing without end. Not Vert.x's worker
 * pool, whose queue has no bound. Each utterance gets {@link Limits#answer} from its end to its text,
 * waiting included, then fails as {@link Kind#TIMEOUT}. A timed-out or cancelled utterance is taken
 * out of the queue, or, when already running, its audio is cut short so the recognizer is soon free;
 * its result, if any, is dropped.
 */
public final class SphinxSpeechToText implements SpeechToText, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SphinxSpeechToText.class);
    private static final AudioFormat MODEL_FORMAT = AudioFormat.L16_16K;
    /** Heap one loaded recognizer keeps (measured: 74, 83 and 84 MB for the first three), rounded up. */
    static final long HEAP_PER_RECOGNIZER = 90L << 20;

    /** @param workers recognizers loaded, and utterances recognised at once ({@code STT_WORKERS}) */
    public record Settings(SphinxGrammar grammar, int workers, Limits limits) {
        public Settings {
            Objects.requireNonNull(grammar, "grammar");
            Objects.requireNonNull(limits, "limits");
            if (workers < 1) throw new IllegalArgumentException("workers must be at least 1: " + workers);
        }

        /** From {@code STT_GRAMMAR}, {@code STT_WORKERS} and {@code STT_TIMEOUT_MS}; four waiting utterances per worker. */
        public static Settings from(Config.Stt stt) {
            return new Settings(stt.grammar(), stt.workers(), new Limits(stt.timeout(), Limits.DEFAULTS.maxAudio(), 4 * stt.workers()));
        }
    }

    /**
     * @param answer   from {@code endOfUtterance} to the text: waiting for a recognizer, then recognising
     * @param maxAudio the longest utterance buffered: a grammar's answers are short, and a caller who talks
     *                 longer gets a failure, not a growing buffer
     * @param queue    utterances that may wait for a busy recognizer; one more fails at once
     */
    public record Limits(Duration answer, Duration maxAudio, int queue) {
        public static final Limits DEFAULTS = new Limits(Duration.ofSeconds(15), Duration.ofSeconds(30), 8);

        public Limits {
            if (queue < 1) throw new IllegalArgumentException("queue must be at least 1: " + queue);
        }
    }

    private final Vertx vertx;
    private final Settings settings;
    private final SpeechToTextMetrics metrics;
    private final List<SphinxRecognizer> recognizers;
    /** Recognizers not in use. Never empty when a worker looks: there are as many as there are worker threads. */
    private final BlockingQueue<SphinxRecognizer> idle;
    private final ThreadPoolExecutor workers;

    private SphinxSpeechToText(Vertx vertx, Settings settings, SpeechToTextMetrics metrics, List<SphinxRecognizer> recognizers) {
        this.vertx = vertx;
        this.settings = settings;
        this.metrics = metrics;
        this.recognizers = List.copyOf(recognizers);
        this.idle = new ArrayBlockingQueue<>(recognizers.size(), false, recognizers);
        AtomicInteger count = new AtomicInteger();
        // No core thread is started in advance: the first utterances go straight to new threads, never
        // through the queue, so "workers running plus queue full" is exactly when the next one is refused.
        this.workers = new ThreadPoolExecutor(settings.workers(), settings.workers(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(settings.limits().queue()), r -> {
                    Thread t = new Thread(r, "sphinx-stt-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
    }

    /**
     * Loads {@code settings.workers()} recognizers, one after the other (about two seconds each,
     * measured). Call at start-up, off any event loop.
     *
     * @throws IllegalStateException when a recognizer cannot be loaded
     */
    public static SphinxSpeechToText load(Vertx vertx, Settings settings, SpeechToTextMetrics metrics) {
        long needed = settings.workers() * HEAP_PER_RECOGNIZER;
        long heap = Runtime.getRuntime().maxMemory();
        if (heap - needed < 128L << 20) {
            log.warn("STT=sphinx: {} recognizers keep about {} MB of heap and the JVM may use {} MB in all; raise -Xmx"
                    + " (CALLBRIDGE_JAVA_OPTS) or lower STT_WORKERS", settings.workers(), needed >> 20, heap >> 20);
        }
        long start = System.nanoTime();
        List<SphinxRecognizer> loaded = new ArrayList<>();
        try {
            for (int i = 0; i < settings.workers(); i++) loaded.add(SphinxRecognizer.load(settings.grammar()));
        } catch (RuntimeException e) {
            loaded.forEach(SphinxRecognizer::close);
            throw e;
        }
        log.info("STT=sphinx: {} recognizer(s) with the grammar {} loaded in {} ms", settings.workers(),
                settings.grammar().description(), (System.nanoTime() - start) / 1_000_000);
        return new SphinxSpeechToText(vertx, settings, metrics, loaded);
    }

    /**
     * @throws IllegalArgumentException when {@code format}'s rate cannot be resampled to 16 kHz (8, 16 and 24 kHz can)
     */
    @Override
    public Session open(AudioFormat format, String language, Listener listener) {
        io.vertx.core.Context context = Vertx.currentContext();
        if (context == null) throw new IllegalStateException("SpeechToText.open must be called on a Vert.x context");
        Transcoder toModel = new Transcoder(format, MODEL_FORMAT);
        return new SphinxUtterance(this, context, format, toModel, language, listener);
    }

    Vertx vertx() {
        return vertx;
    }

    Limits limits() {
        return settings.limits();
    }

    SpeechToTextMetrics metrics() {
        return metrics;
    }

    /**
     * Queues {@code job} for the next free recognizer.
     *
     * @return false when the workers are all busy and the queue is full, or the engine is closed
     */
    boolean submit(Recognition job) {
        try {
            workers.execute(job);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Takes a job that has not started out of the queue, so it no longer holds a place there. */
    void withdraw(Recognition job) {
        workers.remove(job);
    }

    /** The failure for an utterance {@link #submit} refused. */
    EngineFailure busy() {
        if (workers.isShutdown()) return EngineFailure.of(Engine.STT, Kind.UNREACHABLE, "STT: the Sphinx engine is closed");
        return EngineFailure.of(Engine.STT, Kind.UNREACHABLE, "STT: all " + settings.workers() + " Sphinx recognizers are busy and "
                + settings.limits().queue() + " utterances already wait; this one was not queued");
    }

    /** Runs on a worker: borrows a recognizer for one utterance. */
    String recognize(byte[] pcm16k, BooleanSupplier abandoned) {
        SphinxRecognizer recognizer = idle.poll();
        if (recognizer == null) throw new IllegalStateException("no idle Sphinx recognizer for a worker: more workers than recognizers");
        try {
            return recognizer.recognize(pcm16k, abandoned);
        } finally {
            // Back even after a failure: Sphinx's recognizer returns to READY in a finally of its own,
            // and the next utterance sets a new stream, which restarts its front end.
            idle.add(recognizer);
        }
    }

    /** Recognizers not in use right now (a cut-short recognition gives its back within a 100 ms read). */
    int idleRecognizers() {
        return idle.size();
    }

    /**
     * Stops the workers (an utterance still waiting never runs; its session times out) and frees the
     * recognizers once the running recognitions have ended, waiting up to five seconds for them.
     */
    @Override
    public void close() {
        workers.shutdownNow();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("STT=sphinx: a recognition still running after 5 s; its recognizers are left to the JVM");
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        recognizers.forEach(SphinxRecognizer::close);
    }

    /** An utterance's audio on its way to a recognizer; {@link #abandon} makes it skip or cut short. */
    abstract static class Recognition implements Runnable {
        private volatile boolean abandoned;

        void abandon() {
            abandoned = true;
        }

        boolean abandoned() {
            return abandoned;
        }
    }
}
