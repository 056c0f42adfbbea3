package dev.callbridge.engine.stt.sphinx.bench;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.audio.SpokenAudio;
import dev.callbridge.engine.EngineFailure;
import dev.callbridge.engine.stt.SpeechToText;
import dev.callbridge.engine.stt.SpeechToTextMetrics;
import dev.callbridge.engine.stt.Transcript;
import dev.callbridge.engine.stt.sphinx.SphinxGrammar;
import dev.callbridge.engine.stt.sphinx.SphinxSpeechToText;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What {@code STT=sphinx} costs. {@link Load}: loading one recognizer (the model, the dictionary, the
 * grammar), as at start-up; a single shot per fork is the cold, first-in-the-JVM load:
 * {@code scripts/jmh org.openjdk.jmh.Main 'SphinxBenchmark.Load' -f 5 -wi 0 -i 1}.
 * {@link Recognise}: one FreeTTS utterance through a μ-law leg, from {@code endOfUtterance} to the
 * final text on the session's context, the recognizer warm (its latency divided by the audio's length
 * is the real-time factor): {@code scripts/jmh org.openjdk.jmh.Main 'SphinxBenchmark.Recognise' -f 1 -wi 5 -i 5 -w 2s -r 4s}.
 */
public class SphinxBenchmark {

    @State(Scope.Benchmark)
    public static class Load {
        @Param({"menu"})
        public String grammar;
        private Vertx vertx;
        private SphinxGrammar checked;
        private SphinxSpeechToText engine;

        @Setup(Level.Trial)
        public void check() {
            vertx = Vertx.vertx();
            checked = SphinxGrammar.of(grammar);
        }

        @TearDown(Level.Invocation)
        public void close() {
            engine.close();
        }

        @TearDown(Level.Trial)
        public void closeVertx() throws Exception {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }

        @Benchmark
        @BenchmarkMode(Mode.SingleShotTime)
        @OutputTimeUnit(TimeUnit.MILLISECONDS)
        public SphinxSpeechToText load() {
            engine = SphinxSpeechToText.load(vertx, new SphinxSpeechToText.Settings(checked, 1, SphinxSpeechToText.Limits.DEFAULTS),
                    SpeechToTextMetrics.NONE);
            return engine;
        }
    }

    @State(Scope.Benchmark)
    public static class Recognise {
        @Param({"menu", "digits"})
        public String grammar;
        @Param({"four two seven", "one two three, four five six, seven eight nine"})
        public String said;
        private Vertx vertx;
        private Context context;
        private SphinxSpeechToText engine;
        private AudioChunk[] frames;

        @Setup(Level.Trial)
        public void setUp() {
            AudioChunk audio = SpokenAudio.chunk(said, AudioFormat.PCMU_8K);
            System.out.printf("%n'%s': %d ms of audio%n", said, audio.durationMillis());
            int size = AudioFormat.PCMU_8K.bytesFor(20);
            frames = new AudioChunk[(audio.data().length + size - 1) / size];
            for (int i = 0; i < frames.length; i++) {
                frames[i] = new AudioChunk(AudioFormat.PCMU_8K, Arrays.copyOfRange(audio.data(), i * size, Math.min(audio.data().length, (i + 1) * size)));
            }
            vertx = Vertx.vertx();
            context = vertx.getOrCreateContext();
            engine = SphinxSpeechToText.load(vertx, new SphinxSpeechToText.Settings(SphinxGrammar.of(grammar), 1,
                    SphinxSpeechToText.Limits.DEFAULTS), SpeechToTextMetrics.NONE);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            engine.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }

        @Benchmark
        @BenchmarkMode(Mode.SampleTime)
        @OutputTimeUnit(TimeUnit.MILLISECONDS)
        public String recognise() {
            CompletableFuture<String> text = new CompletableFuture<>();
            context.runOnContext(v -> {
                SpeechToText.Session session = engine.open(AudioFormat.PCMU_8K, "en", new SpeechToText.Listener() {
                    @Override
                    public void onFinal(Transcript t) {
                        text.complete(t.text());
                    }

                    @Override
                    public void onFailure(EngineFailure e) {
                        text.completeExceptionally(e);
                    }
                });
                for (AudioChunk frame : frames) session.audio(frame);
                session.endOfUtterance();
            });
            String heard = text.join();
            if (!heard.equals(said.replace(",", ""))) throw new IllegalStateException("heard '" + heard + "' for '" + said + "'");
            return heard;
        }
    }
}
