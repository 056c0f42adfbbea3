package dev.callbridge.engine.vad;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Silero VAD v5, loaded once into one ONNX Runtime session that every call's
 * {@link SileroVoiceActivity} runs (a session's {@code run} is thread-safe; the recurrent state
 * lives in each call's own tensors).
 *
 * <p>The model ships in the jar ({@value #RESOURCE}, MIT, see {@code silero_vad.LICENSE} beside it);
 * nothing is downloaded. Each run takes one window of {@value #WINDOW} samples at 16 kHz (32 ms) with
 * the {@value #CONTEXT} samples before it, and the state the previous run returned.
 *
 * <p>The session runs on the caller's thread only (one intra-op thread, no spinning thread pool):
 * a run is a fraction of a millisecond, and a pool of its own would compete with the event loops.
 */
public final class SileroModel implements AutoCloseable {
    static final String RESOURCE = "/models/silero_vad.onnx";
    static final int SAMPLE_RATE = 16_000;
    static final int WINDOW = 512;
    static final int CONTEXT = 64;
    static final long[] INPUT_SHAPE = {1, CONTEXT + WINDOW};
    static final long[] STATE_SHAPE = {2, 1, 128};
    static final long[] OUTPUT_SHAPE = {1, 1};
    // The v5 graph's names (snakers4/silero-vad OnnxWrapper): input, state, sr → output, stateN.
    static final String IN_AUDIO = "input";
    static final String IN_STATE = "state";
    static final String IN_RATE = "sr";
    static final String OUT_PROBABILITY = "output";
    static final String OUT_STATE = "stateN";
    private static final long LOADER_STACK_BYTES = 16L << 20;
    private static final long LOAD_TIMEOUT_SECONDS = 60;

    private final OrtEnvironment environment;
    private final OrtSession session;

    private SileroModel(OrtEnvironment environment, OrtSession session) {
        this.environment = environment;
        this.session = session;
    }

    /**
     * Loads the bundled model (a few hundred milliseconds the first time in a process, which also
     * unpacks and links ONNX Runtime's native library). Call it at start-up, from any thread; it
     * waits up to a minute.
     *
     * @throws IllegalStateException if the model is missing from the classpath, ONNX Runtime cannot
     *         load on this platform, or the graph is not Silero v5's
     */
    public static SileroModel load() {
        byte[] model;
        try (InputStream in = SileroModel.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("the Silero VAD model " + RESOURCE + " is not on the classpath");
            model = in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the Silero VAD model " + RESOURCE + ": " + e.getMessage(), e);
        }
        // Linking libonnxruntime overflowed a default 1–2 MB thread stack here and killed the JVM
        // with SIGSEGV (no exception, no hs_err), depending on nothing more than the class path's
        // length; with 4 MB it never did. So the native side is first touched on a thread of our
        // own with room to spare, never on main, an event loop or a virtual thread's carrier.
        CompletableFuture<SileroModel> loaded = new CompletableFuture<>();
        Thread loader = new Thread(null, () -> {
            try {
                loaded.complete(create(model));
            } catch (Throwable e) {
                loaded.completeExceptionally(e);
            }
        }, "silero-vad-load", LOADER_STACK_BYTES);
        loader.setDaemon(true);
        loader.start();
        try {
            return loaded.get(LOAD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException("ONNX Runtime could not load the Silero VAD model: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("loading the Silero VAD model took over " + LOAD_TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading the Silero VAD model");
        }
    }

    private static SileroModel create(byte[] model) {
        OrtSession session = null;
        try {
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setIntraOpNumThreads(1);
                options.setInterOpNumThreads(1);
                options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
                options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                options.addConfigEntry("session.intra_op.allow_spinning", "0");
                options.addConfigEntry("session.inter_op.allow_spinning", "0");
                session = environment.createSession(model, options);
            }
            checkGraph(session);
            return new SileroModel(environment, session);
        } catch (OrtException | UnsatisfiedLinkError e) {
            closeQuietly(session);
            throw new IllegalStateException("ONNX Runtime could not load the Silero VAD model: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
    }

    /** A wrong or truncated model fails here, at start-up, naming what differs; not on the first call. */
    private static void checkGraph(OrtSession session) throws OrtException {
        Map<String, NodeInfo> in = session.getInputInfo();
        Map<String, NodeInfo> out = session.getOutputInfo();
        for (String name : new String[] {IN_AUDIO, IN_STATE, IN_RATE}) {
            if (!in.containsKey(name)) throw new IllegalStateException(RESOURCE + " is not Silero VAD v5: no input '" + name + "' (has " + in.keySet() + ")");
        }
        for (String name : new String[] {OUT_PROBABILITY, OUT_STATE}) {
            if (!out.containsKey(name)) throw new IllegalStateException(RESOURCE + " is not Silero VAD v5: no output '" + name + "' (has " + out.keySet() + ")");
        }
        long[] state = ((TensorInfo) in.get(IN_STATE).getInfo()).getShape();
        if (state.length != 3 || state[0] != STATE_SHAPE[0] || state[2] != STATE_SHAPE[2]) {
            throw new IllegalStateException(RESOURCE + " is not Silero VAD v5: its state is " + Arrays.toString(state) + ", not [2, batch, 128]");
        }
    }

    OrtEnvironment environment() {
        return environment;
    }

    OrtSession session() {
        return session;
    }

    /** Per-call detectors that share this model; the model must stay open while they are in use. */
    public VoiceActivity.Factory factory(VadSettings settings) {
        if (settings == null) throw new IllegalArgumentException("settings are required");
        return (format, listener) -> new SileroVoiceActivity(this, settings, format, listener);
    }

    /** Frees the session; only after every detector made from it is closed. */
    @Override
    public void close() {
        closeQuietly(session);
    }

    private static void closeQuietly(OrtSession session) {
        if (session == null) return;
        try {
            session.close();
        } catch (OrtException | RuntimeException ignored) {
            // Shutting down: the native memory goes with the process anyway.
        }
    }
}
