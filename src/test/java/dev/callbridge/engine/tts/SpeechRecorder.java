package dev.callbridge.engine.tts;

import dev.callbridge.engine.EngineFailure;
import dev.callbridge.audio.AudioChunk;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records what a {@link SpeechListener} hears: the frames, the end or the failure. It checks that
 * every callback runs on the context that started the synthesis, and counts callbacks after the end.
 */
final class SpeechRecorder implements SpeechListener {
    final List<AudioChunk> frames = new CopyOnWriteArrayList<>();
    final CompletableFuture<Void> ended = new CompletableFuture<>();
    final CompletableFuture<EngineFailure> failed = new CompletableFuture<>();
    final CompletableFuture<Long> firstAudioAt = new CompletableFuture<>();
    volatile Context expected;
    volatile String wrongContext;
    volatile int afterTheEnd;
    /** Runs inside every {@link #onAudio}, after it is recorded: a test cancels from here. */
    volatile Runnable onEachFrame = () -> { };

    @Override
    public void onAudio(AudioChunk frame) {
        check("audio");
        frames.add(frame);
        firstAudioAt.complete(System.nanoTime());
        onEachFrame.run();
    }

    @Override
    public void onEnd() {
        check("end");
        ended.complete(null);
    }

    @Override
    public void onFailure(EngineFailure failure) {
        check("failure");
        failed.complete(failure);
    }

    /** All frames joined. */
    byte[] audio() {
        int n = frames.stream().mapToInt(f -> f.data().length).sum();
        byte[] out = new byte[n];
        int at = 0;
        for (AudioChunk f : frames) {
            System.arraycopy(f.data(), 0, out, at, f.data().length);
            at += f.data().length;
        }
        return out;
    }

    long millis() {
        return frames.stream().mapToLong(AudioChunk::durationMicros).sum() / 1000;
    }

    private void check(String what) {
        if (Vertx.currentContext() != expected) wrongContext = what + " on " + Thread.currentThread().getName();
        if (ended.isDone() || failed.isDone()) afterTheEnd++;
    }
}
