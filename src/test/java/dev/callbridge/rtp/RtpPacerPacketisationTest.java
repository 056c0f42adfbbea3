package dev.callbridge.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Audio goes out in exactly 20 ms packets of the format; a partial tail waits for more audio and is padded only when it must go. */
class RtpPacerPacketisationTest {
    private final List<Runnable> sent = new ArrayList<>();

    private static byte[] counting(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (i % 200); // never 0xFF
        return b;
    }

    @Test
    void cutsPcmuInto160BytePacketsAndPadsTheLastWithSilence() {
        RtpPacer pacer = new RtpPacer(RtpFormat.PCMU, 0, new SplittableRandom(1));
        byte[] audio = counting(400);
        pacer.play(audio, null);
        RtpPacket p0 = pacer.next(0, sent::add);
        RtpPacket p1 = pacer.next(1, sent::add);
        RtpPacket p2 = pacer.next(2, sent::add);
        assertThat(pacer.next(3, sent::add)).isNull();

        assertThat(p0.payload()).containsExactly(Arrays.copyOfRange(audio, 0, 160));
        assertThat(p1.payload()).containsExactly(Arrays.copyOfRange(audio, 160, 320));
        assertThat(p2.payload()).hasSize(160).startsWith(Arrays.copyOfRange(audio, 320, 400));
        assertThat(Arrays.copyOfRange(p2.payload(), 80, 160)).containsOnly((byte) 0xFF);
        assertThat(p0.payloadType()).isZero();
    }

    @Test
    void aPartialFrameWaitsForTheNextChunkWhenThatArrivesBeforeItsSlot() {
        RtpPacer pacer = new RtpPacer(RtpFormat.PCMU, 0, new SplittableRandom(1));
        byte[] audio = counting(480);
        pacer.play(Arrays.copyOfRange(audio, 0, 100), null);
        pacer.play(Arrays.copyOfRange(audio, 100, 200), null);
        assertThat(pacer.next(0, sent::add).payload()).containsExactly(Arrays.copyOfRange(audio, 0, 160));
        assertThat(pacer.queuedBytes()).isEqualTo(40);
        pacer.play(Arrays.copyOfRange(audio, 200, 480), null); // streamed model audio: the rest of the sentence
        assertThat(pacer.next(1, sent::add).payload()).containsExactly(Arrays.copyOfRange(audio, 160, 320));
        assertThat(pacer.next(2, sent::add).payload()).containsExactly(Arrays.copyOfRange(audio, 320, 480));
        assertThat(pacer.isEmpty()).isTrue();
    }

    @Test
    void slin16GoesOnTheWireBigEndianIn640BytePackets() {
        RtpPacer pacer = new RtpPacer(RtpFormat.SLIN16, 118, new SplittableRandom(1));
        byte[] littleEndian = new byte[1280];
        for (int i = 0; i < 640; i++) {
            short sample = (short) (i * 50 - 16000);
            littleEndian[2 * i] = (byte) sample;
            littleEndian[2 * i + 1] = (byte) (sample >> 8);
        }
        pacer.play(littleEndian, null);
        RtpPacket p0 = pacer.next(0, sent::add);
        RtpPacket p1 = pacer.next(1, sent::add);
        assertThat(p0.payload()).hasSize(640);
        assertThat(p0.payloadType()).isEqualTo(118);
        for (int i = 0; i < 640; i++) {
            byte[] wire = i < 320 ? p0.payload() : p1.payload();
            int at = 2 * (i % 320);
            short sample = (short) (i * 50 - 16000);
            assertThat(wire[at]).as("high byte first, sample %d", i).isEqualTo((byte) (sample >> 8));
            assertThat(wire[at + 1]).isEqualTo((byte) sample);
        }
        assertThat(p1.timestamp() - p0.timestamp()).isEqualTo(320);
    }

    @Test
    void slin16AudioThatSplitsASampleIsRefused() {
        RtpPacer pacer = new RtpPacer(RtpFormat.SLIN16, 118, new SplittableRandom(1));
        assertThatIllegalArgumentException().isThrownBy(() -> pacer.play(new byte[641], null));
    }

    @Test
    void audioBeyondTheQueueLimitIsRefusedWhole() {
        RtpPacer pacer = new RtpPacer(RtpFormat.PCMU, 0, new SplittableRandom(1), 3);
        assertThat(pacer.play(counting(400), null)).isTrue();
        assertThat(pacer.play(counting(100), null)).isFalse();
        assertThat(pacer.queuedBytes()).isEqualTo(400);
        assertThat(pacer.play(counting(80), null)).isTrue();
    }
}
