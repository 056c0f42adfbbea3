package dev.callbridge.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Arbitrary pieces of a stream come out as whole 20 ms frames, in order, nothing lost. */
class FramerTest {

    @Test
    void framesAre20msOfTheFormat() {
        assertThat(new Framer(AudioFormat.PCMU_8K).frameBytes()).isEqualTo(160);
        assertThat(new Framer(AudioFormat.L16_8K).frameBytes()).isEqualTo(320);
        assertThat(new Framer(AudioFormat.L16_16K).frameBytes()).isEqualTo(640);
        assertThat(new Framer(AudioFormat.L16_24K).frameBytes()).isEqualTo(960);
        assertThat(new Framer(AudioFormat.PCMA_8K, 30).frameBytes()).isEqualTo(240);
    }

    @Test
    void keepsTheRemainderUntilAFrameIsFull() {
        Framer framer = new Framer(AudioFormat.PCMU_8K);
        byte[] stream = counting(1000);
        assertThat(framer.push(slice(stream, 0, 100))).isEmpty();
        assertThat(framer.pendingBytes()).isEqualTo(100);

        List<AudioChunk> frames = framer.push(slice(stream, 100, 590)); // completes 1 + 2 more, leaves 110
        assertThat(frames).hasSize(3).allSatisfy(f -> assertThat(f.format()).isEqualTo(AudioFormat.PCMU_8K));
        assertThat(framer.pendingBytes()).isEqualTo(110);

        frames = new java.util.ArrayList<>(frames);
        frames.addAll(framer.push(slice(stream, 590, 1000)));
        assertThat(frames).hasSize(6);
        assertThat(framer.pendingBytes()).isEqualTo(40);
        for (int i = 0; i < frames.size(); i++) {
            assertThat(frames.get(i).data()).as("frame %d", i).containsExactly(slice(stream, i * 160, (i + 1) * 160));
        }
    }

    @Test
    void flushPadsTheLastFrameWithTheFormatsSilence() {
        for (AudioFormat format : new AudioFormat[] {AudioFormat.PCMU_8K, AudioFormat.PCMA_8K, AudioFormat.L16_16K}) {
            Framer framer = new Framer(format);
            framer.push(new byte[] {1, 2, 3, 4});
            AudioChunk last = framer.flush().orElseThrow();
            assertThat(last.data()).hasSize(framer.frameBytes()).startsWith(1, 2, 3, 4);
            for (int i = 4; i < last.data().length; i++) {
                assertThat(last.data()[i]).as("%s padding", format.encoding()).isEqualTo(format.encoding().silenceByte());
            }
            assertThat(framer.pendingBytes()).isZero();
            assertThat(framer.flush()).isEmpty();
        }
    }

    @Test
    void silenceBytesDecodeToTheQuietestLevels() {
        assertThat(G711.ulawToLinear(Encoding.PCMU.silenceByte())).isEqualTo((short) 0);
        assertThat(G711.alawToLinear(Encoding.PCMA.silenceByte())).isEqualTo((short) 8); // A-law has no zero
        assertThat(Encoding.L16.silenceByte()).isEqualTo((byte) 0);
    }

    @Test
    void refusesChunksOfAnotherFormatAndFramesThatSplitASample() {
        Framer framer = new Framer(AudioFormat.PCMU_8K);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> framer.push(new AudioChunk(AudioFormat.PCMA_8K, new byte[160])))
                .withMessageContaining("PCMA");
        assertThatIllegalArgumentException().isThrownBy(() -> new Framer(new AudioFormat(Encoding.L16, 11025), 20))
                .withMessageContaining("20 ms");
    }

    private static byte[] counting(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (i * 13 + i / 256);
        return b;
    }

    private static byte[] slice(byte[] b, int from, int to) {
        return java.util.Arrays.copyOfRange(b, from, to);
    }
}
