package dev.callbridge.audio;

import com.sun.speech.freetts.Voice;
import com.sun.speech.freetts.audio.AudioPlayer;
import com.sun.speech.freetts.en.us.cmu_us_kal.KevinVoiceDirectory;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * English speech for tests, rendered in this JVM by FreeTTS: real words with real pauses, so no
 * test needs espeak-ng or sox from the system. The same text always gives the same samples.
 *
 * <p>FreeTTS's 16 kHz diphone voice ("kevin16", inside its jar) speaks; {@link Resampler} takes
 * it to 8 or 24 kHz. One voice serves the JVM (loading it takes about a second), one text at a time.
 */
public final class SpokenAudio {
    /** The voice's own rate. */
    public static final int VOICE_RATE = 16_000;
    private static Voice voice;

    private SpokenAudio() {}

    /** {@code text} spoken, as PCM16 little-endian mono at {@code sampleRate} (8000, 16000 or 24000). */
    public static synchronized byte[] pcm16(String text, int sampleRate) {
        Resampler resampler = Resampler.create(VOICE_RATE, sampleRate); // refuses other rates before any work
        Capture capture = new Capture();
        Voice v = voice();
        v.setAudioPlayer(capture);
        if (!v.speak(text)) throw new IllegalStateException("FreeTTS could not speak: " + text);
        return resampler.process(capture.pcm16le());
    }

    /** {@code text} spoken, in {@code format} (any encoding; 8, 16 or 24 kHz). */
    public static AudioChunk chunk(String text, AudioFormat format) {
        byte[] pcm = pcm16(text, format.sampleRate());
        AudioFormat linear = new AudioFormat(Encoding.L16, format.sampleRate());
        return new Transcoder(linear, format).convert(new AudioChunk(linear, pcm));
    }

    private static Voice voice() {
        if (voice == null) {
            // Straight from the voice directory: no freetts.voices system property, no voices.txt.
            voice = Arrays.stream(new KevinVoiceDirectory().getVoices())
                    .filter(v -> v.getName().equals("kevin16"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("FreeTTS has no kevin16 voice"));
            voice.allocate();
        }
        return voice;
    }

    /** An {@link AudioPlayer} that keeps what FreeTTS plays instead of sending it to a sound card. */
    private static final class Capture implements AudioPlayer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private javax.sound.sampled.AudioFormat format;

        byte[] pcm16le() {
            if (format == null) throw new IllegalStateException("FreeTTS played nothing");
            if (format.getSampleRate() != VOICE_RATE || format.getSampleSizeInBits() != 16 || format.getChannels() != 1
                    || format.getEncoding() != javax.sound.sampled.AudioFormat.Encoding.PCM_SIGNED) {
                throw new IllegalStateException("FreeTTS spoke " + format + ", not 16 kHz 16-bit signed mono");
            }
            byte[] pcm = out.toByteArray();
            return format.isBigEndian() ? Pcm16.swapByteOrder(pcm) : pcm;
        }

        @Override public void setAudioFormat(javax.sound.sampled.AudioFormat format) { this.format = format; }
        @Override public javax.sound.sampled.AudioFormat getAudioFormat() { return format; }
        @Override public boolean write(byte[] bytes) { return write(bytes, 0, bytes.length); }
        @Override public boolean write(byte[] bytes, int offset, int length) { out.write(bytes, offset, length); return true; }
        // Playback control and timing mean nothing without a sound card.
        @Override public void pause() { }
        @Override public void resume() { }
        @Override public void reset() { }
        @Override public boolean drain() { return true; }
        @Override public void begin(int size) { }
        @Override public boolean end() { return true; }
        @Override public void cancel() { }
        @Override public void close() { }
        @Override public float getVolume() { return 1f; }
        @Override public void setVolume(float volume) { }
        @Override public long getTime() { return 0; }
        @Override public void resetTime() { }
        @Override public void startFirstSampleTimer() { }
        @Override public void showMetrics() { }
    }
}
