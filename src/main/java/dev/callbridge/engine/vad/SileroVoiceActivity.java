package dev.callbridge.engine.vad;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.audio.Transcoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Silero VAD v5 for one stream: frames are converted to 16 kHz linear once (phone audio is
 * G.711 at 8 kHz; Silero hears 16 kHz best), collected into 32 ms windows, and each window's speech
 * probability goes through {@link SpeechHysteresis}.
 *
 * <p>The model is shared ({@link SileroModel}); this stream's own tensors are made once here and
 * written in place: the window with its context, and two state tensors that take turns as the
 * run's input and its pinned output, so the recurrent state never leaves native memory and a window
 * allocates little. A 20 ms frame completes at most one window, hence at most one run.
 *
 * <p>Stream times count the samples accepted. The 8→16 kHz resampler delays the audio by under
 * 2 ms, which is not corrected for.
 */
public final class SileroVoiceActivity implements VoiceActivity {
    private static final long WINDOW_MS = SileroModel.WINDOW * 1000L / SileroModel.SAMPLE_RATE;

    private final SileroModel model;
    private final AudioFormat format;
    private final Listener listener;
    private final SpeechHysteresis hysteresis;
    private final Transcoder toWideband; // null when frames are already 16 kHz L16
    private final List<OnnxTensor> tensors = new ArrayList<>(5);
    private final FloatBuffer audio;
    private final FloatBuffer probability;
    // Two run set-ups that differ in which state tensor is read and which is written.
    private final Map<String, OnnxTensor> inputsEven;
    private final Map<String, OnnxTensor> outputsEven;
    private final Map<String, OnnxTensor> inputsOdd;
    private final Map<String, OnnxTensor> outputsOdd;

    /** The context, then the window being filled: the model's input as it will be copied. */
    private final float[] samples = new float[SileroModel.CONTEXT + SileroModel.WINDOW];
    private int filled;
    private long windows;
    private long bytesAccepted;
    private boolean closed;

    SileroVoiceActivity(SileroModel model, VadSettings settings, AudioFormat format, Listener listener) {
        if (format == null || listener == null) throw new IllegalArgumentException("format and listener are required");
        this.model = model;
        this.format = format;
        this.listener = listener;
        this.hysteresis = new SpeechHysteresis(settings);
        this.toWideband = wideband(format);
        try {
            audio = direct(SileroModel.CONTEXT + SileroModel.WINDOW);
            FloatBuffer stateA = direct(2 * 128);
            FloatBuffer stateB = direct(2 * 128);
            probability = direct(1);
            OnnxTensor audioTensor = tensor(audio, SileroModel.INPUT_SHAPE);
            OnnxTensor stateATensor = tensor(stateA, SileroModel.STATE_SHAPE);
            OnnxTensor stateBTensor = tensor(stateB, SileroModel.STATE_SHAPE);
            OnnxTensor probabilityTensor = tensor(probability, SileroModel.OUTPUT_SHAPE);
            OnnxTensor rate = OnnxTensor.createTensor(model.environment(), (long) SileroModel.SAMPLE_RATE);
            tensors.add(rate);
            inputsEven = Map.of(SileroModel.IN_AUDIO, audioTensor, SileroModel.IN_STATE, stateATensor, SileroModel.IN_RATE, rate);
            outputsEven = Map.of(SileroModel.OUT_PROBABILITY, probabilityTensor, SileroModel.OUT_STATE, stateBTensor);
            inputsOdd = Map.of(SileroModel.IN_AUDIO, audioTensor, SileroModel.IN_STATE, stateBTensor, SileroModel.IN_RATE, rate);
            outputsOdd = Map.of(SileroModel.OUT_PROBABILITY, probabilityTensor, SileroModel.OUT_STATE, stateATensor);
        } catch (OrtException | RuntimeException e) {
            close();
            throw new IllegalStateException("cannot set up Silero VAD tensors: " + e.getMessage(), e);
        }
    }

    private static Transcoder wideband(AudioFormat format) {
        if (format.equals(AudioFormat.L16_16K)) return null;
        try {
            return new Transcoder(format, AudioFormat.L16_16K);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Silero voice activity takes PCMU, PCMA or L16 at 8, 16 or 24 kHz, not " + describe(format), e);
        }
    }

    private static FloatBuffer direct(int floats) {
        // Native order and direct: ONNX Runtime then uses the memory itself, with no copy per run.
        return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private OnnxTensor tensor(FloatBuffer buffer, long[] shape) throws OrtException {
        OnnxTensor t = OnnxTensor.createTensor(model.environment(), buffer, shape);
        tensors.add(t);
        return t;
    }

    @Override
    public AudioFormat format() {
        return format;
    }

    @Override
    public long streamMillis() {
        return bytesAccepted * 1000 / format.bytesPerSecond();
    }

    @Override
    public void accept(AudioChunk frame) {
        if (closed) throw new IllegalStateException("voice activity used after close");
        if (frame == null) throw new IllegalArgumentException("frame is required");
        if (!frame.format().equals(format)) {
            throw new IllegalArgumentException("voice activity for " + describe(format) + " was given a frame in " + describe(frame.format()));
        }
        int bytes = frame.data().length;
        // A whole number of 10 ms: bytes × 100 is a whole number of seconds' worth.
        if (bytes == 0 || (long) bytes * 100 % format.bytesPerSecond() != 0 || frame.durationMicros() > MAX_FRAME_MILLIS * 1000L) {
            throw new IllegalArgumentException("a voice activity frame must be a whole multiple of 10 ms, 10 to " + MAX_FRAME_MILLIS
                    + " ms; got " + bytes + " bytes (" + frame.durationMicros() / 1000.0 + " ms) of " + describe(format));
        }
        bytesAccepted += bytes;
        byte[] pcm = toWideband == null ? frame.data() : toWideband.convert(frame.data());
        for (int b = 0; b + 1 < pcm.length; b += 2) {
            samples[SileroModel.CONTEXT + filled++] = (short) ((pcm[b] & 0xFF) | (pcm[b + 1] << 8)) / 32768f;
            if (filled == SileroModel.WINDOW) runWindow();
        }
    }

    private void runWindow() {
        audio.put(0, samples);
        boolean even = (windows & 1) == 0;
        try (OrtSession.Result ignored = model.session().run(even ? inputsEven : inputsOdd, even ? outputsEven : outputsOdd)) {
            // Both outputs are pinned into this stream's tensors; the result owns nothing.
        } catch (OrtException e) {
            throw new IllegalStateException("Silero VAD failed on window " + windows + ": " + e.getMessage(), e);
        }
        float p = probability.get(0);
        long start = windows * WINDOW_MS;
        windows++;
        // The window's tail is the next window's context.
        System.arraycopy(samples, SileroModel.WINDOW, samples, 0, SileroModel.CONTEXT);
        filled = 0;
        SpeechEvent event = hysteresis.window(p, start, start + WINDOW_MS);
        if (event != null) listener.onSpeech(event);
    }

    private static String describe(AudioFormat f) {
        return f.encoding() + " " + f.sampleRate() + " Hz";
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        for (OnnxTensor t : tensors) t.close();
        tensors.clear();
    }
}
