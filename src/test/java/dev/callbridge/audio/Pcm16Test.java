package dev.callbridge.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class Pcm16Test {

    @Test
    void readsAndWritesLittleEndianSamples() {
        byte[] bytes = {0x01, 0x00, (byte) 0xFF, (byte) 0xFF, 0x00, (byte) 0x80, (byte) 0xFF, 0x7F, 0x34, 0x12};
        short[] samples = {1, -1, Short.MIN_VALUE, Short.MAX_VALUE, 0x1234};
        assertThat(Pcm16.toShorts(bytes)).containsExactly(samples);
        assertThat(Pcm16.fromShorts(samples)).containsExactly(bytes);
    }

    @Test
    void swappingTurnsLittleEndianIntoRtpBigEndianAndBack() {
        byte[] little = Pcm16.fromShorts(new short[] {0x1234, -2});
        byte[] big = Pcm16.swapByteOrder(little);
        assertThat(big).containsExactly(0x12, 0x34, 0xFF, 0xFE);
        assertThat(Pcm16.swapByteOrder(big)).containsExactly(little);
        assertThat(big).isNotSameAs(little);
    }

    @Test
    void rejectsAnOddNumberOfBytes() {
        assertThatIllegalArgumentException().isThrownBy(() -> Pcm16.toShorts(new byte[5])).withMessageContaining("5");
        assertThatIllegalArgumentException().isThrownBy(() -> Pcm16.swapByteOrder(new byte[1])).withMessageContaining("even");
    }
}
