package dev.callbridge.engine.stt.sphinx;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.audio.SpokenAudio;
import dev.callbridge.engine.stt.SpeechToText;
import dev.callbridge.engine.stt.SpeechToTextMetrics;
import dev.callbridge.engine.stt.SttRecorder;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A real {@link SphinxSpeechToText} (the model loaded, nothing faked) for one test class; speech comes from FreeTTS. */
final class SphinxFixture implements AutoCloseable {
    final Vertx vertx = Vertx.vertx();
    /** The context every session is opened on: a call's event loop stands in here. */
    final Context context = vertx.getOrCreateContext();
    final SphinxSpeechToText engine;

    SphinxFixture(String grammar) {
        this(grammar, 1, SphinxSpeechToText.Limits.DEFAULTS, SpeechToTextMetrics.NONE);
    }

    SphinxFixture(String grammar, int workers, SphinxSpeechToText.Limits limits, SpeechToTextMetrics metrics) {
        engine = SphinxSpeechToText.load(vertx, new SphinxSpeechToText.Settings(SphinxGrammar.of(grammar), workers, limits), metrics);
    }

    /** {@code text} spoken by FreeTTS, as a leg in {@code format} would send it. */
    static AudioChunk spoken(String text, AudioFormat format) {
        return SpokenAudio.chunk(text, format);
    }

    /** Opens a session on {@link #context}. */
    Opened open(AudioFormat format, String language) {
        SttRecorder recorder = new SttRecorder(context);
        CompletableFuture<SpeechToText.Session> session = new CompletableFuture<>();
        context.runOnContext(v -> session.complete(engine.open(format, language, recorder)));
        return new Opened(recorder, session.join());
    }

    /** Runs {@code action} on the session's context and waits for it. */
    void onContext(Runnable action) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        context.runOnContext(v -> {
            try {
                action.run();
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        done.join();
    }

    /** Feeds the audio in 20 ms frames, as a leg delivers it, then (if asked) ends the utterance, all in one turn of the context. */
    void speak(SpeechToText.Session session, AudioChunk audio, boolean end) {
        onContext(() -> feed(session, audio, end));
    }

    /** The same, for a caller already on the context. */
    static void feed(SpeechToText.Session session, AudioChunk audio, boolean end) {
        int frame = audio.format().bytesFor(20);
        byte[] data = audio.data();
        for (int at = 0; at < data.length; at += frame) {
            session.audio(new AudioChunk(audio.format(), Arrays.copyOfRange(data, at, Math.min(data.length, at + frame))));
        }
        if (end) session.endOfUtterance();
    }

    record Opened(SttRecorder recorder, SpeechToText.Session session) {}

    @Override
    public void close() throws Exception {
        engine.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
