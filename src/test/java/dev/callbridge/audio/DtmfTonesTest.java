package dev.callbridge.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** In-band DTMF: each digit's two Q.23 frequencies are present, and nothing else is loud. */
class DtmfTonesTest {
    private static final int[] ALL = {697, 770, 852, 941, 1209, 1336, 1477, 1633};

    /** Goertzel power of one frequency over the samples. */
    private static double power(short[] x, int freq) {
        double k = 2 * Math.cos(2 * Math.PI * freq / 8000.0);
        double s1 = 0, s2 = 0;
        for (short v : x) {
            double s = v + k * s1 - s2;
            s2 = s1;
            s1 = s;
        }
        return s1 * s1 + s2 * s2 - k * s1 * s2;
    }

    private static short[] decode(List<byte[]> frames, int first, int count) {
        short[] pcm = new short[count * 160];
        for (int f = 0; f < count; f++) {
            for (int i = 0; i < 160; i++) pcm[f * 160 + i] = G711.ulawToLinear(frames.get(first + f)[i]);
        }
        return pcm;
    }

    @Test
    void eachDigitCarriesItsRowAndColumnTones() {
        String keys = "123A456B789C*0#D";
        for (int k = 0; k < keys.length(); k++) {
            List<byte[]> frames = DtmfTones.ulawFrames(String.valueOf(keys.charAt(k)));
            assertThat(frames).hasSize(8).allMatch(f -> f.length == 160);
            short[] tone = decode(frames, 0, 5);
            int row = ALL[k / 4];
            int col = ALL[4 + k % 4];
            double weakestWanted = Math.min(power(tone, row), power(tone, col));
            for (int f : ALL) {
                if (f != row && f != col) assertThat(power(tone, f)).as("key %s at %d Hz", keys.charAt(k), f)
                        .isLessThan(weakestWanted / 100);
            }
            short[] gap = decode(frames, 5, 3);
            assertThat(power(gap, row)).isLessThan(weakestWanted / 1000);
        }
    }

    @Test
    void nonDigitsAreRefused() {
        assertThatThrownBy(() -> DtmfTones.ulawFrames("12x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'x' is not a DTMF digit");
        assertThat(DtmfTones.isDtmf('#')).isTrue();
        assertThat(DtmfTones.isDtmf('e')).isFalse();
    }
}
