package dev.callbridge.engine.tts;

import dev.callbridge.audio.AudioFormat;
import dev.callbridge.config.Secret;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A real {@link OpenAiSpeechClient} against a {@link FakeSpeechServer} on loopback, for one test class. */
final class SpeechFixture implements AutoCloseable {
    static final String KEY = "sk-test-tts-0123456789abcdef";
    static final String MODEL = "gpt-4o-mini-tts";
    static final String VOICE = "alloy";

    final Vertx vertx = Vertx.vertx();
    final FakeSpeechServer fake = FakeSpeechServer.start(vertx, KEY, MODEL, VOICE).await();
    final OpenAiSpeechClient client;
    /** The context every synthesis starts on: a call's event loop stands in here. */
    final Context context = vertx.getOrCreateContext();

    SpeechFixture() {
        this(OpenAiSpeechClient.Limits.DEFAULTS);
    }

    SpeechFixture(OpenAiSpeechClient.Limits limits) {
        client = new OpenAiSpeechClient(vertx, new OpenAiSpeechClient.Settings(URI.create(fake.baseUrl()),
                Secret.ofNullable(KEY), MODEL, VOICE, limits), TextToSpeechMetrics.NONE);
    }

    /** Starts speaking on {@link #context} and returns the recorder and handle once started. */
    Started speak(String text, AudioFormat out) {
        SpeechRecorder recorder = new SpeechRecorder();
        recorder.expected = context;
        CompletableFuture<Synthesis> synthesis = new CompletableFuture<>();
        context.runOnContext(v -> synthesis.complete(client.speak(text, null, out, recorder)));
        return new Started(recorder, synthesis.join());
    }

    record Started(SpeechRecorder recorder, Synthesis synthesis) {}

    @Override
    public void close() throws Exception {
        client.close().await();
        fake.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
