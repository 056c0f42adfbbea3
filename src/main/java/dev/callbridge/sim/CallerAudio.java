package dev.callbridge.sim;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.audio.Transcoder;
import dev.callbridge.audio.Wav;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** What the simulated caller says: a WAV file turned into what Twilio sends, μ-law 8 kHz mono. */
public final class CallerAudio {
    /** Classpath default for {@code --audio}, made by scripts/make-sample-audio. */
    public static final String SAMPLE_RESOURCE = "/audio/sample-hello.wav";

    private CallerAudio() {}

    /** The file's audio as μ-law 8 kHz, or the bundled sample when {@code wav} is null. */
    public static byte[] load(Path wav) throws IOException {
        return toUlaw8k(wav == null ? Wav.parse(sampleBytes()) : Wav.read(wav));
    }

    /** Any rate the {@link Transcoder} resamples (8, 16, 24 kHz) and any WAV encoding → μ-law 8 kHz. */
    static byte[] toUlaw8k(AudioChunk audio) {
        Transcoder transcoder;
        try {
            transcoder = new Transcoder(audio.format(), AudioFormat.PCMU_8K);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot use " + audio.format().sampleRate() + " Hz caller audio (" + e.getMessage()
                    + "); convert it first: sox in.wav -r 8000 -c 1 -e u-law out.wav", e);
        }
        return transcoder.convert(audio.data());
    }

    private static byte[] sampleBytes() {
        try (InputStream in = CallerAudio.class.getResourceAsStream(SAMPLE_RESOURCE)) {
            if (in == null) throw new IllegalStateException(SAMPLE_RESOURCE + " is missing from the classpath");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
