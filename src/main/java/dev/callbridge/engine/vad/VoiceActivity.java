package dev.callbridge.engine.vad;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;

/**
 * Voice activity detection for one stream (one call's leg): its audio frames go in, in order;
 * {@link SpeechEvent}s come out to the {@link Listener}, synchronously, from inside {@link #accept}.
 *
 * <p>Times are stream time: milliseconds of audio accepted since the instance was created, counted
 * from the samples themselves, never from a clock. A {@link SpeechEvent.Started} is reported only
 * once speech has lasted the minimum speech duration ({@link VadSettings#minSpeechMs()}), so a
 * cough or a click never reaches the listener; its {@code startMs} is still where the speech began.
 * A {@link SpeechEvent.Ended} follows once the silence after it has lasted
 * {@link VadSettings#minSilenceMs()}. Every {@code Started} is followed by exactly one {@code Ended},
 * unless the instance is closed first.
 *
 * <p>Threading: one instance per stream, used from one thread at a time (the call's event loop).
 * {@link #accept} does at most a few model runs per frame (a fraction of a millisecond each) and
 * never waits for anything.
 */
public interface VoiceActivity extends AutoCloseable {
    /** The longest frame {@link #accept} takes; it bounds the work one call does in one go. */
    int MAX_FRAME_MILLIS = 100;

    /** The format this instance was created for; every frame must be in it. */
    AudioFormat format();

    /**
     * Takes the stream's next frame and reports what it completes.
     *
     * @throws IllegalArgumentException if the frame is in another format, or is not a whole
     *         multiple of 10 ms between 10 and {@link #MAX_FRAME_MILLIS} ms (what RTP and Twilio
     *         send); the frame is then ignored and the stream goes on as if it had not come
     * @throws IllegalStateException    after {@link #close()}
     */
    void accept(AudioChunk frame);

    /** Stream time so far: milliseconds of audio accepted. */
    long streamMillis();

    /** Releases this stream's resources; speech still in progress is not reported. Idempotent. */
    @Override
    void close();

    /** Receives a stream's speech events, on the thread that called {@link #accept}. */
    @FunctionalInterface
    interface Listener {
        void onSpeech(SpeechEvent event);
    }

    /**
     * Creates one {@link VoiceActivity} per stream, for the engine chosen by configuration. Heavy,
     * shared resources (a loaded model) belong to whoever built the factory, which closes them
     * after the calls. {@link #create} is thread-safe.
     */
    @FunctionalInterface
    interface Factory {
        /**
         * @throws IllegalArgumentException if the engine cannot take audio in {@code format}
         */
        VoiceActivity create(AudioFormat format, Listener listener);
    }
}
