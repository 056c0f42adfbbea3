package dev.callbridge.engine.vad;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.audio.SpokenAudio;
import dev.callbridge.audio.Transcoder;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A test stream built piece by piece at 16 kHz linear (FreeTTS's own rate): silence, real speech,
 * noise. It remembers where each utterance is audible (its first and last sample above a small
 * amplitude, since FreeTTS pads its speech with quiet), and hands the stream out as frames in any
 * format, converted in one go as a phone or Asterisk would send it.
 */
final class SpeechStream {
    /** Where an utterance can be heard, in stream milliseconds. */
    record Utterance(String text, long audibleStartMs, long audibleEndMs) {}

    private static final int RATE = 16_000;
    /** Above this |sample| (about −36 dBFS) a sample of FreeTTS's output counts as audible. */
    private static final int AUDIBLE = 500;

    private final ByteArrayOutputStream pcm = new ByteArrayOutputStream();
    private final List<Utterance> utterances = new ArrayList<>();

    SpeechStream silence(int millis) {
        pcm.writeBytes(new byte[millis * RATE / 1000 * 2]);
        return this;
    }

    SpeechStream say(String text) {
        byte[] speech = SpokenAudio.pcm16(text, RATE);
        int first = -1;
        int last = -1;
        for (int i = 0; i < speech.length / 2; i++) {
            if (Math.abs(sample(speech, i)) > AUDIBLE) {
                if (first < 0) first = i;
                last = i;
            }
        }
        if (first < 0) throw new IllegalStateException("FreeTTS said nothing audible for: " + text);
        long offset = samples();
        utterances.add(new Utterance(text, (offset + first) * 1000 / RATE, (offset + last + 1) * 1000 / RATE));
        pcm.writeBytes(speech);
        return this;
    }

    /** {@code millis} of the audible middle of {@code text}: a fragment of speech, voiced throughout. */
    SpeechStream fragmentOf(String text, int millis) {
        byte[] speech = SpokenAudio.pcm16(text, RATE);
        int count = millis * RATE / 1000;
        int from = Math.max(0, speech.length / 2 / 2 - count / 2);
        pcm.write(speech, from * 2, count * 2);
        return this;
    }

    /** Seeded white noise of {@code rms} (in 16-bit units: 32 ≈ −60 dBFS, 180 ≈ −45 dBFS). */
    SpeechStream noise(int millis, double rms, long seed) {
        Random random = new Random(seed);
        byte[] out = new byte[millis * RATE / 1000 * 2];
        for (int i = 0; i < out.length / 2; i++) put(out, i, (int) Math.round(random.nextGaussian() * rms));
        pcm.writeBytes(out);
        return this;
    }

    /** A full-scale click: {@code millis} of alternating ±30000. */
    SpeechStream click(int millis) {
        byte[] out = new byte[millis * RATE / 1000 * 2];
        for (int i = 0; i < out.length / 2; i++) put(out, i, (i & 1) == 0 ? 30_000 : -30_000);
        pcm.writeBytes(out);
        return this;
    }

    /** Adds seeded white noise of {@code rms} under everything so far (a phone line's floor). */
    SpeechStream withNoiseFloor(double rms, long seed) {
        byte[] all = pcm.toByteArray();
        Random random = new Random(seed);
        for (int i = 0; i < all.length / 2; i++) put(all, i, sample(all, i) + (int) Math.round(random.nextGaussian() * rms));
        pcm.reset();
        pcm.writeBytes(all);
        return this;
    }

    List<Utterance> utterances() {
        return List.copyOf(utterances);
    }

    long millis() {
        return samples() * 1000 / RATE;
    }

    /** The whole stream in {@code format}, cut into frames of {@code frameMillis}. */
    List<AudioChunk> frames(AudioFormat format, int frameMillis) {
        AudioFormat linear = AudioFormat.L16_16K;
        byte[] converted = new Transcoder(linear, format).convert(pcm.toByteArray());
        int frameBytes = format.bytesFor(frameMillis);
        List<AudioChunk> frames = new ArrayList<>();
        for (int o = 0; o + frameBytes <= converted.length; o += frameBytes) {
            frames.add(new AudioChunk(format, Arrays.copyOfRange(converted, o, o + frameBytes)));
        }
        return frames;
    }

    private long samples() {
        return pcm.size() / 2;
    }

    private static int sample(byte[] pcm, int i) {
        return (short) ((pcm[2 * i] & 0xFF) | (pcm[2 * i + 1] << 8));
    }

    private static void put(byte[] pcm, int i, int value) {
        int s = Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, value));
        pcm[2 * i] = (byte) s;
        pcm[2 * i + 1] = (byte) (s >> 8);
    }
}
