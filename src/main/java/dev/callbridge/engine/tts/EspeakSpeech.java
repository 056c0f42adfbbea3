package dev.callbridge.engine.tts;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.config.Config;
import dev.callbridge.engine.EngineFailure;
import dev.callbridge.engine.EngineFailure.Engine;
import dev.callbridge.engine.EngineFailure.Kind;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link TextToSpeech} by espeak-ng, on this machine, offline, in 100-odd languages: one
 * {@code espeak-ng --stdout --stdin} process per sentence ({@link EspeakCommand}), the text on its
 * stdin, WAV (22.05 kHz 16-bit mono) read from its stdout as it synthesises, clause by clause,
 * and converted to the leg's format in whole frames ({@link WavPipeToLeg}) as it comes.
 *
 * <p>Why a process per sentence rather than libespeak-ng through the FFM API: the library holds one
 * synthesiser per process (global state behind {@code espeak_Initialize}, one current voice, one
 * output callback), so every call in the JVM would queue behind one lock where processes run side
 * by side on every core; a crash in its C text handling would take the gateway and every call
 * with it, where a process fails one sentence; and a process is cancelled at once by killing it,
 * where the library stops only between callbacks. A short sentence's whole run, start to exit, is
 * tens of milliseconds (the README has figures), little beside the seconds it plays for.
 *
 * <p>Threading: starting the process, writing the text and the blocking reads of its output run
 * on {@link Settings#workers} platform threads of this engine, one process each; more sentences
 * wait in a queue of {@link Settings#queue}, and past that fail at once as
 * {@link Kind#RATE_LIMITED} (transient: the gateway is over its synthesis capacity right now).
 * Audio is converted on the worker; frames, the end and failures reach the listener on the
 * caller's context, in order. Nothing here blocks an event loop.
 *
 * <p>Bounds: the first audio within {@link Limits#firstAudio} of the call to {@link #speak} (queueing
 * included), the whole sentence within {@link Limits#total}, at most {@link Limits#maxAudio} of
 * speech ({@link Kind#TOO_LONG}); a process past a limit, or cancelled, is killed
 * ({@link Process#destroyForcibly}). A non-zero exit is {@link Kind#REJECTED} when espeak-ng says
 * the voice does not exist, else {@link Kind#UNREACHABLE}, with the first line of its stderr. Its
 * stderr is read after its stdout ends, so a program that wrote more than a pipe's worth there
 * first would stall until the total limit. A warning on stderr with exit 0 (e.g. "Full dictionary
 * is not installed for 'be'", where the speech is fine) is logged once, not a failure.
 */
public final class EspeakSpeech implements TextToSpeech, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EspeakSpeech.class);
    /** espeak-ng writes through stdio's buffer: 4 KiB pieces, about 90 ms of speech each. */
    private static final int READ_BYTES = 8192;
    private static final int MAX_STDERR_BYTES = 4096;
    private static final int MAX_WARNINGS_LOGGED = 32;

    /**
     * @param command the espeak-ng executable
     * @param voice   the voice for every sentence (e.g. {@code en-us+f3}), or null to follow each one's language
     * @param workers the most processes at once
     * @param queue   the most sentences waiting for a worker
     */
    public record Settings(Path command, String voice, int wordsPerMinute, int workers, int queue, Limits limits) {
        public Settings {
            Objects.requireNonNull(command, "command");
            Objects.requireNonNull(limits, "limits");
            if (workers < 1 || queue < 0) throw new IllegalArgumentException("workers must be positive and the queue not negative");
        }

        /**
         * From the {@code TTS_*} variables. A queue of eight sentences per worker: espeak-ng speaks a
         * sentence in tens of milliseconds, so a full queue is well under a second of waiting.
         */
        public static Settings from(Config.Tts tts) {
            return new Settings(tts.command(), tts.voice(), tts.wordsPerMinute(), tts.workers(), 8 * tts.workers(), Limits.DEFAULTS);
        }
    }

    /**
     * @param firstAudio from {@link #speak} to the first audio: waiting for a worker, starting the process, the first clause
     * @param total      from {@link #speak} to the process's exit
     * @param maxAudio   the longest speech one sentence may give; more is a runaway
     */
    public record Limits(Duration firstAudio, Duration total, Duration maxAudio) {
        public static final Limits DEFAULTS = new Limits(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofMinutes(5));
    }

    private final Vertx vertx;
    private final Settings settings;
    private final TextToSpeechMetrics metrics;
    private final EspeakCommand command;
    private final ThreadPoolExecutor workers;
    /** Utterances with a process, so {@link #close} can kill them. */
    private final Set<Utterance> running = ConcurrentHashMap.newKeySet();
    /** stderr lines of successful runs already logged: each once, and only the first few kinds. */
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    public EspeakSpeech(Vertx vertx, Settings settings, TextToSpeechMetrics metrics) {
        this.vertx = vertx;
        this.settings = settings;
        this.metrics = metrics;
        this.command = new EspeakCommand(settings.command(), settings.voice(), settings.wordsPerMinute());
        this.workers = new ThreadPoolExecutor(settings.workers(), settings.workers(), 30, TimeUnit.SECONDS,
                settings.queue() == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(settings.queue()),
                Thread.ofPlatform().name("tts-espeak-", 0).daemon().factory(), new ThreadPoolExecutor.AbortPolicy());
        workers.allowCoreThreadTimeOut(true);
    }

    @Override
    public Synthesis speak(String text, String language, AudioFormat out, SpeechListener listener) {
        Context context = Vertx.currentContext();
        if (context == null) throw new IllegalStateException("TextToSpeech.speak must be called on a Vert.x context");
        if (text == null || text.isBlank()) throw new IllegalArgumentException("nothing to say: the text is blank");
        Utterance utterance = new Utterance(context, listener, out, text);
        String voice;
        try {
            voice = command.voiceFor(language);
        } catch (IllegalArgumentException e) {
            utterance.failLater(Kind.REJECTED, "TTS espeak-ng: no voice for this language: " + e.getMessage());
            return utterance;
        }
        utterance.start(voice);
        return utterance;
    }

    /** Kills every process still speaking and stops the workers; sentences still queued are dropped. */
    @Override
    public void close() {
        workers.shutdownNow();
        running.forEach(Utterance::stop);
    }

    /**
     * One sentence. {@link #run} is the worker's side: the process and its pipes. Everything else
     * runs on {@link #context}; the two meet through {@link Context#runOnContext} and the volatile
     * fields, which any thread may set.
     */
    private final class Utterance implements Synthesis, Runnable {
        private final Context context;
        private final SpeechListener listener;
        private final AudioFormat out;
        private final String text;
        private final long startedAt = System.nanoTime();
        private String voice;
        // Any thread.
        private volatile boolean stopped;
        private volatile boolean cancelled;
        private volatile Process process;
        // The context only.
        private boolean over;
        private long deliveredMicros;
        private long firstAudioTimer = -1;
        private long totalTimer = -1;

        Utterance(Context context, SpeechListener listener, AudioFormat out, String text) {
            this.context = context;
            this.listener = listener;
            this.out = out;
            this.text = text;
        }

        void start(String voiceName) {
            this.voice = voiceName;
            try {
                workers.execute(this);
            } catch (RejectedExecutionException e) {
                failLater(workers.isShutdown() ? Kind.UNREACHABLE : Kind.RATE_LIMITED, workers.isShutdown()
                        ? "TTS espeak-ng: the engine is closed"
                        : "TTS espeak-ng: all " + settings.workers() + " workers busy and " + settings.queue() + " sentences waiting");
                return;
            }
            firstAudioTimer = vertx.setTimer(settings.limits().firstAudio().toMillis(), id -> {
                firstAudioTimer = -1;
                if (!over && deliveredMicros == 0) {
                    fail(EngineFailure.of(Engine.TTS, Kind.TIMEOUT, "TTS espeak-ng: no audio within " + settings.limits().firstAudio().toMillis()
                            + " ms (" + (process == null ? "still waiting for a worker" : "the process was running: killed") + ")"));
                }
            });
            totalTimer = vertx.setTimer(settings.limits().total().toMillis(), id -> {
                totalTimer = -1;
                if (!over) {
                    fail(EngineFailure.afterAudio(Engine.TTS, Kind.TIMEOUT, "TTS espeak-ng: not done within " + settings.limits().total().toMillis()
                            + " ms, after " + deliveredMillis() + " ms of audio: killed", deliveredMillis()));
                }
            });
        }

        // ---- the worker's side ----

        @Override
        public void run() {
            if (stopped) return;
            Process p;
            try {
                p = new ProcessBuilder(command.argv(voice)).start();
            } catch (IOException | RuntimeException e) {
                post(() -> fail(EngineFailure.of(Engine.TTS, Kind.UNREACHABLE, "TTS espeak-ng: cannot run " + settings.command() + ": " + EngineFailure.describe(e))));
                return;
            }
            process = p;
            running.add(this);
            try {
                if (!stopped) speak(p); // else cancelled while starting: the finally kills it
            } finally {
                running.remove(this);
                p.destroyForcibly();
                closeQuietly(p.getInputStream());
                closeQuietly(p.getErrorStream());
            }
        }

        private void speak(Process p) {
            WavPipeToLeg wav = new WavPipeToLeg(out, settings.limits().maxAudio());
            try {
                try (OutputStream stdin = p.getOutputStream()) {
                    stdin.write(text.getBytes(StandardCharsets.UTF_8));
                } catch (IOException exitedEarly) {
                    // It quit before reading the text (an unknown voice does): its exit status and stderr say why.
                }
                InputStream stdout = p.getInputStream();
                byte[] buffer = new byte[READ_BYTES];
                for (int n; (n = stdout.read(buffer)) >= 0 && !stopped; ) {
                    List<AudioChunk> frames = wav.push(Arrays.copyOf(buffer, n));
                    if (!frames.isEmpty()) post(() -> deliver(frames));
                    if (wav.full()) {
                        List<AudioChunk> last = wav.flush().map(List::of).orElse(List.of());
                        post(() -> {
                            deliver(last);
                            fail(EngineFailure.afterAudio(Engine.TTS, Kind.TOO_LONG, "TTS espeak-ng: the speech went on past "
                                    + settings.limits().maxAudio().toSeconds() + " s and was cut there", deliveredMillis()));
                        });
                        return;
                    }
                }
                if (stopped) return;
                List<AudioChunk> last = wav.flush().map(List::of).orElse(List.of());
                String stderr = firstLine(p.getErrorStream());
                if (!p.waitFor(settings.limits().total().toMillis(), TimeUnit.MILLISECONDS)) return; // the total limit has failed it
                int exit = p.exitValue();
                post(() -> exited(exit, stderr, last));
            } catch (IllegalArgumentException notWav) {
                post(() -> fail(EngineFailure.afterAudio(Engine.TTS, Kind.PROTOCOL, "TTS espeak-ng: its output is not the WAV expected: "
                        + notWav.getMessage(), deliveredMillis())));
            } catch (IOException e) {
                if (!stopped) post(() -> fail(EngineFailure.afterAudio(Engine.TTS, Kind.UNREACHABLE, "TTS espeak-ng: its output could not be read: "
                        + EngineFailure.describe(e), deliveredMillis())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // close(): the engine is going away
            }
        }

        private void post(Runnable onContext) {
            context.runOnContext(v -> onContext.run());
        }

        // ---- the context's side ----

        private void deliver(List<AudioChunk> frames) {
            try {
                for (AudioChunk frame : frames) {
                    if (over || cancelled) return;
                    if (deliveredMicros == 0) {
                        metrics.firstAudio(System.nanoTime() - startedAt);
                        cancelTimer(firstAudioTimer);
                        firstAudioTimer = -1;
                    }
                    deliveredMicros += frame.durationMicros();
                    listener.onAudio(frame);
                }
            } catch (RuntimeException e) {
                // A listener bug: the synthesis cannot go on coherently, and the bug must be seen.
                log.error("SpeechListener threw; the synthesis is abandoned", e);
                abort("listener-error");
            }
        }

        private void exited(int exit, String stderr, List<AudioChunk> last) {
            if (over) return;
            if (exit != 0) {
                boolean unknownVoice = stderr != null && stderr.contains("voice does not exist");
                String why = stderr != null ? stderr : exit > 128 ? "killed by signal " + (exit - 128) : "nothing on stderr";
                fail(EngineFailure.afterAudio(Engine.TTS, unknownVoice ? Kind.REJECTED : Kind.UNREACHABLE,
                        "TTS espeak-ng: exit " + exit + " (voice " + voice + "): " + why, deliveredMillis()));
                return;
            }
            if (stderr != null && warned.size() < MAX_WARNINGS_LOGGED && warned.add(stderr)) {
                log.warn("espeak-ng (voice {}) said, and spoke anyway: {}", voice, stderr);
            }
            deliver(last);
            if (over || cancelled) return;
            finish("end");
            listener.onEnd();
        }

        void failLater(Kind kind, String message) {
            context.runOnContext(v -> fail(EngineFailure.of(Engine.TTS, kind, message)));
        }

        private void fail(EngineFailure failure) {
            if (over) return;
            abort(failure.kind().label());
            if (!cancelled) listener.onFailure(failure);
        }

        private void abort(String outcome) {
            if (over) return;
            finish(outcome);
            stop();
        }

        private void finish(String outcome) {
            over = true;
            cancelTimer(firstAudioTimer);
            cancelTimer(totalTimer);
            firstAudioTimer = totalTimer = -1;
            metrics.synthesis(outcome);
        }

        private void cancelTimer(long id) {
            if (id >= 0) vertx.cancelTimer(id);
        }

        /** Any thread: a queued sentence leaves the queue, a running process is killed, the worker stops reading. */
        void stop() {
            stopped = true;
            workers.remove(this);
            Process p = process;
            if (p != null) p.destroyForcibly();
        }

        @Override
        public void cancel() {
            if (cancelled) return;
            cancelled = true;
            stop(); // at once, from whatever thread: the process must not run on
            if (Vertx.currentContext() == context) abort("cancelled");
            else context.runOnContext(v -> abort("cancelled"));
        }

        private long deliveredMillis() {
            return deliveredMicros / 1000;
        }
    }

    /** The first non-blank line of what the process wrote to stderr (read to its end, but kept only up to a bound), or null. */
    private static String firstLine(InputStream stderr) throws IOException {
        byte[] head = stderr.readNBytes(MAX_STDERR_BYTES);
        stderr.transferTo(OutputStream.nullOutputStream());
        for (String line : new String(head, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) return line.strip();
        }
        return null;
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // The process is gone; nothing is left to read.
        }
    }
}
