package dev.callbridge.engine.tts;

import static org.junit.jupiter.api.Assertions.fail;

import dev.callbridge.audio.AudioFormat;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real {@link EspeakSpeech} running the machine's espeak-ng, for one test class. These tests
 * run the real program: without it they fail, saying so, rather than skip (.ci/run installs it).
 */
final class EspeakFixture implements AutoCloseable {
    final Vertx vertx = Vertx.vertx();
    /** The context every synthesis starts on: a call's event loop stands in here. */
    final Context context = vertx.getOrCreateContext();
    final EspeakSpeech engine;

    EspeakFixture() {
        this(settings(espeak()));
    }

    EspeakFixture(EspeakSpeech.Settings settings) {
        engine = new EspeakSpeech(vertx, settings, TextToSpeechMetrics.NONE);
    }

    /** Four workers, espeak-ng's own speed, the voice following the language. */
    static EspeakSpeech.Settings settings(Path command) {
        return new EspeakSpeech.Settings(command, null, 175, 4, 32, EspeakSpeech.Limits.DEFAULTS);
    }

    /** The espeak-ng on PATH; fails the test when there is none. */
    static Path espeak() {
        for (String dir : String.valueOf(System.getenv("PATH")).split(":")) {
            Path candidate = Path.of(dir, "espeak-ng");
            if (!dir.isEmpty() && Files.isExecutable(candidate)) return candidate;
        }
        return fail("espeak-ng is not installed, and these tests run the real program: apt-get install espeak-ng "
                + "(.ci/run installs it)");
    }

    /**
     * A stand-in for espeak-ng: a shell script taking the same arguments, for what the real one
     * does only when broken (crashing, stalling, writing garbage). {@code $ESPEAK} in the body is
     * the real program.
     */
    static Path script(Path dir, String name, String body) throws java.io.IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body.replace("$ESPEAK", espeak().toString()) + "\n");
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    /** The same settings with another program, voice and limits. */
    static EspeakSpeech.Settings settings(Path command, EspeakSpeech.Limits limits) {
        return new EspeakSpeech.Settings(command, null, 175, 4, 32, limits);
    }

    /** Starts speaking on {@link #context} and returns the recorder and handle once started. */
    Started speak(String text, String language, AudioFormat out) {
        SpeechRecorder recorder = new SpeechRecorder();
        recorder.expected = context;
        CompletableFuture<Synthesis> synthesis = new CompletableFuture<>();
        context.runOnContext(v -> synthesis.complete(engine.speak(text, language, out, recorder)));
        return new Started(recorder, synthesis.join());
    }

    /** Speaks and waits for the end; fails the test on a failure. */
    SpeechRecorder spoken(String text, String language, AudioFormat out) throws Exception {
        SpeechRecorder r = speak(text, language, out).recorder();
        CompletableFuture.anyOf(r.ended, r.failed).get(30, TimeUnit.SECONDS);
        if (r.failed.isDone()) fail("speaking " + text + " (" + language + ") failed: " + r.failed.join().getMessage());
        return r;
    }

    /** Runs nothing on {@link #context} and waits for it: every callback queued there before has run. */
    void drainContext() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        context.runOnContext(v -> done.complete(null));
        done.join();
    }

    record Started(SpeechRecorder recorder, Synthesis synthesis) {}

    /** The espeak-ng processes this JVM started that are alive now. */
    static List<ProcessHandle> liveEspeaks() {
        return liveChildren("espeak-ng");
    }

    /** This JVM's live child processes running the program of that name. */
    static List<ProcessHandle> liveChildren(String program) {
        return ProcessHandle.current().children()
                .filter(p -> p.info().command().map(c -> c.endsWith("/" + program)).orElse(false))
                .filter(ProcessHandle::isAlive)
                .toList();
    }

    static Optional<ProcessHandle> liveEspeak() {
        return liveEspeaks().stream().findFirst();
    }

    @Override
    public void close() throws Exception {
        engine.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
