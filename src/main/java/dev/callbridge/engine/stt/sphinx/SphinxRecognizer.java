package dev.callbridge.engine.stt.sphinx;

import edu.cmu.sphinx.api.Configuration;
import edu.cmu.sphinx.api.Context;
import edu.cmu.sphinx.recognizer.Recognizer;
import edu.cmu.sphinx.result.Result;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * One Sphinx4 recognizer with the en-US acoustic model and a grammar, loaded once and reused for
 * every utterance it is given. Not thread-safe: one utterance at a time (the engine's pool gives
 * each worker its own).
 *
 * <p>Built from Sphinx's {@link Context} and {@link Recognizer}, the two things its
 * {@code StreamSpeechRecognizer} wraps, because that class allocates the recognizer at every
 * {@code startRecognition} and frees it at every {@code stopRecognition}: each utterance would
 * re-read the 3 MB dictionary and re-parse the grammar (40–200 ms measured, as long as recognising
 * a short answer), and the re-parse goes through Sphinx's one static JSGF parser, which two workers
 * must not use at once. Here the recognizer is allocated once; each utterance only sets a new stream.
 */
final class SphinxRecognizer implements AutoCloseable {
    /** In {@code de.sciss:sphinx4-data}: the generic US English model (16 kHz, Alpha Cephei, BSD-style licence). */
    static final String ACOUSTIC_MODEL = "resource:/edu/cmu/sphinx/models/en-us/en-us";
    static final String DICTIONARY = "resource:/edu/cmu/sphinx/models/en-us/cmudict-en-us.dict";
    /** The model's rate: audio goes in as 16-bit little-endian mono at this rate. */
    static final int SAMPLE_RATE = 16_000;
    static final int LEAD_IN_MILLIS = 300;

    private final Context context;
    private final Recognizer recognizer;

    private SphinxRecognizer(Context context, Recognizer recognizer) {
        this.context = context;
        this.recognizer = recognizer;
    }

    /**
     * Loads the acoustic model, the dictionary and {@code grammar} (about two seconds and 80 MB of heap
     * each, measured). Call at start-up, off any event loop.
     *
     * @throws IllegalStateException when the model cannot be loaded (it is missing from the classpath)
     */
    static SphinxRecognizer load(SphinxGrammar grammar) {
        SphinxLog.install();
        Configuration configuration = new Configuration();
        configuration.setAcousticModelPath(ACOUSTIC_MODEL);
        configuration.setDictionaryPath(DICTIONARY);
        configuration.setGrammarPath(grammar.location());
        configuration.setGrammarName(grammar.name());
        configuration.setUseGrammar(true);
        configuration.setSampleRate(SAMPLE_RATE);
        Context context;
        try {
            context = new Context(configuration);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot load the Sphinx en-US model: " + rootMessage(e), e);
        }
        Recognizer recognizer = context.getInstance(Recognizer.class);
        try {
            synchronized (SphinxGrammar.PARSER_LOCK) {
                recognizer.allocate(); // the model's data, the dictionary, and the grammar compiled into a search graph
            }
        } catch (RuntimeException e) {
            // SphinxGrammar.of loaded this grammar already; what fails here is not the grammar's fault.
            throw new IllegalStateException("cannot load a Sphinx recognizer with the grammar " + grammar.description() + ": " + rootMessage(e), e);
        }
        return new SphinxRecognizer(context, recognizer);
    }

    /**
     * The words heard in {@code pcm}, 16-bit little-endian mono at {@link #SAMPLE_RATE}: Sphinx's
     * end-pointer may cut it into several segments, whose words are joined by spaces. Empty when
     * nothing in the grammar was heard. Blocks for the whole recognition; once {@code abandoned} says
     * so, the audio ends where it is read and the recognition ends with it (within a 100 ms read).
     */
    String recognize(byte[] pcm, BooleanSupplier abandoned) {
        context.setSpeechSource(new Audio(pcm, abandoned));
        StringBuilder text = new StringBuilder();
        Result result;
        while ((result = recognizer.recognize()) != null) {
            String words = result.getBestFinalResultNoFiller().strip();
            if (words.isEmpty()) continue;
            if (!text.isEmpty()) text.append(' ');
            text.append(words);
        }
        return text.toString();
    }

    /**
     * An utterance as Sphinx reads it: {@link #LEAD_IN_MILLIS} of silence, then the audio, ending
     * early once abandoned. Sphinx's end-pointer learns the background level from the first frames; a
     * VAD-cut utterance starts with speech, and without the lead-in the first words were lost
     * (measured: "one two three … nine zero" came back without "one two"; with 300 ms, whole).
     */
    private static final class Audio extends InputStream {
        private final byte[] pcm;
        private final BooleanSupplier abandoned;
        private int position = -LEAD_IN_MILLIS * SAMPLE_RATE / 1000 * 2;

        Audio(byte[] pcm, BooleanSupplier abandoned) {
            this.pcm = pcm;
            this.abandoned = abandoned;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) return 0;
            if (position >= pcm.length || abandoned.getAsBoolean()) return -1;
            int n;
            if (position < 0) {
                n = Math.min(len, -position);
                Arrays.fill(b, off, off + n, (byte) 0);
            } else {
                n = Math.min(len, pcm.length - position);
                System.arraycopy(pcm, position, b, off, n);
            }
            position += n;
            return n;
        }
    }

    @Override
    public void close() {
        if (recognizer.getState() != Recognizer.State.DEALLOCATED) recognizer.deallocate();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage().strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
