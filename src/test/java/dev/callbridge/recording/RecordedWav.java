package dev.callbridge.recording;

import static org.assertj.core.api.Assertions.assertThat;

import dev.callbridge.audio.G711;
import java.io.ByteArrayInputStream;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/**
 * A recording as a player sees it: read by the JDK's own WAV reader ({@code javax.sound}), not
 * by ours, so "valid and playable" is checked by code that did not write it.
 */
public record RecordedWav(int sampleRate, short[] left, short[] right) {

    /** Parses a WAV file image; fails the test unless it is 16-bit PCM stereo. */
    public static RecordedWav parse(byte[] wav) {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(wav))) {
            AudioFormat f = in.getFormat();
            assertThat(f.getEncoding()).isEqualTo(AudioFormat.Encoding.PCM_SIGNED);
            assertThat(f.getChannels()).isEqualTo(2);
            assertThat(f.getSampleSizeInBits()).isEqualTo(16);
            assertThat(f.isBigEndian()).isFalse();
            byte[] pcm = in.readAllBytes();
            assertThat(in.getFrameLength()).as("frames the header declares").isEqualTo(pcm.length / 4);
            int frames = pcm.length / 4;
            short[] l = new short[frames];
            short[] r = new short[frames];
            for (int i = 0; i < frames; i++) {
                l[i] = (short) ((pcm[4 * i] & 0xFF) | (pcm[4 * i + 1] << 8));
                r[i] = (short) ((pcm[4 * i + 2] & 0xFF) | (pcm[4 * i + 3] << 8));
            }
            return new RecordedWav((int) f.getSampleRate(), l, r);
        } catch (Exception e) {
            throw new AssertionError("not a playable WAV: " + e, e);
        }
    }

    public long durationMs() {
        return left.length * 1000L / sampleRate;
    }

    /** μ-law as the gateway decodes it: what a recording of μ-law audio must hold. */
    public static short[] decodeUlaw(byte[] ulaw, int from, int count) {
        short[] s = new short[count];
        for (int i = 0; i < count; i++) s[i] = G711.ulawToLinear(ulaw[from + i]);
        return s;
    }

    /** The first position at or after {@code from} where {@code channel} holds {@code wanted} exactly, or -1. */
    public static int indexOf(short[] channel, short[] wanted, int from) {
        outer:
        for (int i = Math.max(0, from); i + wanted.length <= channel.length; i++) {
            for (int j = 0; j < wanted.length; j++) if (channel[i + j] != wanted[j]) continue outer;
            return i;
        }
        return -1;
    }

    /** True if {@code channel} holds only silence in [from, to). */
    public static boolean silent(short[] channel, int from, int to) {
        for (int i = Math.max(0, from); i < Math.min(to, channel.length); i++) if (channel[i] != 0) return false;
        return true;
    }
}
