package dev.callbridge.engine.tts;

import dev.callbridge.audio.AudioFormat;
import dev.callbridge.config.Secret;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A real {@link ElevenLabsSpeechClient} against a {@link FakeElevenLabs} on loopback, for one test class. */
final class ElevenLabsFixture implements AutoCloseable {
    static final String KEY = "xi-test-0123456789abcdef0123456789abcdef";
    static final String VOICE = "21m00Tcm4TlvDq8ikWAM";
    static final String MODEL = "eleven_flash_v2_5";

    final Vertx vertx = Vertx.vertx();
    final FakeElevenLabs fake;
    final ElevenLabsSpeechClient client;
    /** The context every synthesis starts on: a call's event loop stands in here. */
    final Context context = vertx.getOrCreateContext();

    ElevenLabsFixture() {
        this(ElevenLabsSpeechClient.Limits.DEFAULTS);
    }

    ElevenLabsFixture(ElevenLabsSpeechClient.Limits limits) {
        this(MODEL, limits);
    }

    ElevenLabsFixture(String model, ElevenLabsSpeechClient.Limits limits) {
        this(model, limits, TextToSpeechMetrics.NONE);
    }

    ElevenLabsFixture(String model, ElevenLabsSpeechClient.Limits limits, TextToSpeechMetrics metrics) {
        fake = FakeElevenLabs.start(vertx, KEY, VOICE, model).await();
        client = new ElevenLabsSpeechClient(vertx, new ElevenLabsSpeechClient.Settings(URI.create(fake.baseUrl()),
                Secret.ofNullable(KEY), model, VOICE, limits), metrics);
    }

    /** Starts speaking on {@link #context} and returns the recorder and handle once started. */
    SpeechFixture.Started speak(String text, String language, AudioFormat out) {
        SpeechRecorder recorder = new SpeechRecorder();
        recorder.expected = context;
        CompletableFuture<Synthesis> synthesis = new CompletableFuture<>();
        context.runOnContext(v -> synthesis.complete(client.speak(text, language, out, recorder)));
        return new SpeechFixture.Started(recorder, synthesis.join());
    }

    SpeechFixture.Started speak(String text, AudioFormat out) {
        return speak(text, null, out);
    }

    /** The n-th connection the fake accepted, once it has. */
    FakeElevenLabs.Served served(int n) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> fake.served().size() > n);
        return fake.served().get(n);
    }

    @Override
    public void close() throws Exception {
        client.close().await();
        fake.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
