package dev.callbridge.engine.stt;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.config.Secret;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A real {@link TranscriptionsClient} against a {@link FakeTranscriptions} on loopback, for one test class. */
final class SttFixture implements AutoCloseable {
    static final String KEY = "sk-test-stt-0123456789abcdef";
    static final String MODEL = "Systran/faster-whisper-small";

    final Vertx vertx = Vertx.vertx();
    final FakeTranscriptions fake = FakeTranscriptions.start(vertx, MODEL, KEY).await();
    final TranscriptionsClient client;
    /** The context every session is opened on: a call's event loop stands in here. */
    final Context context = vertx.getOrCreateContext();

    SttFixture() {
        this(TranscriptionsClient.Limits.DEFAULTS);
    }

    SttFixture(TranscriptionsClient.Limits limits) {
        this(limits, SpeechToTextMetrics.NONE);
    }

    SttFixture(TranscriptionsClient.Limits limits, SpeechToTextMetrics metrics) {
        client = new TranscriptionsClient(vertx, new TranscriptionsClient.Settings(URI.create(fake.baseUrl()),
                Secret.ofNullable(KEY), MODEL, limits), metrics);
    }

    /** Opens a session on {@link #context}. */
    Opened open(AudioFormat format, String language) {
        SttRecorder recorder = new SttRecorder(context);
        CompletableFuture<SpeechToText.Session> session = new CompletableFuture<>();
        context.runOnContext(v -> session.complete(client.open(format, language, recorder)));
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

    /** Feeds {@code millis} of audio in 20 ms frames, then (if asked) ends the utterance, all in one turn of the context. */
    void speak(SpeechToText.Session session, AudioChunk audio, boolean end) {
        onContext(() -> {
            int frame = audio.format().bytesFor(20);
            byte[] data = audio.data();
            for (int at = 0; at < data.length; at += frame) {
                session.audio(new AudioChunk(audio.format(), java.util.Arrays.copyOfRange(data, at, Math.min(data.length, at + frame))));
            }
            if (end) session.endOfUtterance();
        });
    }

    record Opened(SttRecorder recorder, SpeechToText.Session session) {}

    @Override
    public void close() throws Exception {
        client.close().await();
        fake.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
