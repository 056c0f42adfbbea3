package dev.callbridge.audio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Encoding follows the classic Sun G.711 encoder (protocols/rtp.md §7). */
class G711EncodeTest {

    @ParameterizedTest(name = "{0} → μ {1}, A {2}")
    @CsvSource({
        "0, FF, D5", "1, FF, D5", "4, FE, D5", "8, FE, D5", "16, FD, D4", "32, FB, D7", "100, F2, D3",
        "1000, CE, FA", "4096, AF, 85", "32767, 80, AA", "-4, 7E, 55", "-8, 7E, 55", "-16, 7D, 55",
        "-32, 7B, 54", "-1024, 4D, 7A", "-4096, 2F, 1A", "-32768, 00, 2A",
        // The two rows where the classic encoder differs from audioop/pjproject.
        "-1, 7F, 55", "-100, 72, 50"
    })
    void encodesTheVectorsOfTheClassicEncoder(short sample, String ulawHex, String alawHex) {
        assertThat(G711.linearToUlaw(sample) & 0xFF).isEqualTo(Integer.parseInt(ulawHex, 16));
        assertThat(G711.linearToAlaw(sample) & 0xFF).isEqualTo(Integer.parseInt(alawHex, 16));
    }

    @Test
    void everyCodeSurvivesDecodeThenEncodeExceptMinusZero() {
        for (int code = 0; code < 256; code++) {
            byte c = (byte) code;
            if (code != 0x7F) {
                assertThat(G711.linearToUlaw(G711.ulawToLinear(c))).as("μ-law 0x%02X", code).isEqualTo(c);
            }
            assertThat(G711.linearToAlaw(G711.alawToLinear(c))).as("A-law 0x%02X", code).isEqualTo(c);
        }
        // μ-law has two zeros; −0 (0x7F) comes back as +0.
        assertThat(G711.linearToUlaw(G711.ulawToLinear((byte) 0x7F))).isEqualTo((byte) 0xFF);
    }

    @Test
    void everyInputComesBackWithinOneStepOfItsSegment() {
        for (int x = Short.MIN_VALUE; x <= Short.MAX_VALUE; x++) {
            byte u = G711.linearToUlaw((short) x);
            // Codes differing in the mantissa's lowest bit are neighbouring levels of one segment.
            int ulawStep = Math.abs(G711.ulawToLinear(u) - G711.ulawToLinear((byte) (u ^ 1)));
            assertThat(Math.abs(G711.ulawToLinear(u) - x)).as("μ-law error at %d", x).isLessThanOrEqualTo(ulawStep);

            byte a = G711.linearToAlaw((short) x);
            int alawStep = Math.abs(G711.alawToLinear(a) - G711.alawToLinear((byte) (a ^ 1)));
            assertThat(Math.abs(G711.alawToLinear(a) - x)).as("A-law error at %d", x).isLessThanOrEqualTo(alawStep);
        }
    }

    @Test
    void bulkEncodingReadsLittleEndianPcmAndRejectsHalfSamples() {
        byte[] pcm = Pcm16.fromShorts(new short[] {0, 1000, -1024, 32767, -32768});
        assertThat(G711.pcm16ToUlaw(pcm)).containsExactly(0xFF, 0xCE, 0x4D, 0x80, 0x00);
        assertThat(G711.pcm16ToAlaw(pcm)).containsExactly(0xD5, 0xFA, 0x7A, 0xAA, 0x2A);
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> G711.pcm16ToUlaw(new byte[3])).withMessageContaining("even");
    }
}
