package dev.callbridge.engine.deepgram;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.audio.Encoding;
import dev.callbridge.audio.G711;
import dev.callbridge.audio.Pcm16;
import dev.callbridge.config.Secret;
import dev.callbridge.engine.stt.SpeechToText;
import dev.callbridge.engine.stt.SpeechToTextMetrics;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.net.URI;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A real {@link DeepgramSpeechToText} against a {@link FakeDeepgram} on loopback, for one test class. */
final class DeepgramFixture implements AutoCloseable {
    static final String KEY = "dg-test-key-0123456789abcdef";

    final Vertx vertx = Vertx.vertx();
    final FakeDeepgram fake = FakeDeepgram.start(vertx, KEY).await();
    final DeepgramSpeechToText stt;
    /** The context every session is opened on: a call's event loop stands in here. */
    final Context context = vertx.getOrCreateContext();

    DeepgramFixture() {
        this(DeepgramSpeechToText.Limits.DEFAULTS);
    }

    DeepgramFixture(DeepgramSpeechToText.Limits limits) {
        this(limits, "nova-3", SpeechToTextMetrics.NONE);
    }

    DeepgramFixture(DeepgramSpeechToText.Limits limits, String model, SpeechToTextMetrics metrics) {
        this(limits, model, metrics, KEY);
    }

    /** With {@code key} as STT_API_KEY; the fake still expects {@link #KEY}. */
    DeepgramFixture(DeepgramSpeechToText.Limits limits, String model, SpeechToTextMetrics metrics, String key) {
        stt = new DeepgramSpeechToText(vertx, new DeepgramSpeechToText.Settings(URI.create(fake.url()), Secret.ofNullable(key), model, limits),
                metrics);
    }

    /** Opens a session on {@link #context}. */
    Opened open(AudioFormat format, String language) {
        SessionRecorder recorder = new SessionRecorder(context);
        CompletableFuture<SpeechToText.Session> session = new CompletableFuture<>();
        context.runOnContext(v -> session.complete(stt.open(format, language, recorder)));
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

    /** Feeds the audio in 20 ms frames, then (if asked) ends the utterance, all in one turn of the context. */
    void speak(SpeechToText.Session session, AudioChunk audio, boolean end) {
        onContext(() -> {
            int frame = audio.format().bytesFor(20);
            byte[] data = audio.data();
            for (int at = 0; at < data.length; at += frame) {
                session.audio(new AudioChunk(audio.format(), Arrays.copyOfRange(data, at, Math.min(data.length, at + frame))));
            }
            if (end) session.endOfUtterance();
        });
    }

    /** A 440 Hz tone in the format, every byte of it distinct enough that order and loss show. */
    static AudioChunk tone(AudioFormat format, int millis) {
        short[] s = new short[format.sampleRate() * millis / 1000];
        for (int i = 0; i < s.length; i++) s[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / format.sampleRate()) + (i % 7) * 3);
        byte[] pcm = Pcm16.fromShorts(s);
        return new AudioChunk(format, format.encoding() == Encoding.PCMU ? G711.pcm16ToUlaw(pcm)
                : format.encoding() == Encoding.PCMA ? G711.pcm16ToAlaw(pcm) : pcm);
    }

    record Opened(SessionRecorder recorder, SpeechToText.Session session) {}

    @Override
    public void close() throws Exception {
        stt.close().await();
        fake.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
