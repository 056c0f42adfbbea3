package dev.callbridge.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ProbePayloadTest {

    @Test
    void stampedHeaderReadsBack() {
        byte[] frame = ProbePayload.newFrame(7);
        ProbePayload.stamp(frame, 799, 149);
        assertThat(ProbePayload.isProbe(frame)).isTrue();
        assertThat(ProbePayload.callIndex(frame)).isEqualTo(799);
        assertThat(ProbePayload.sequence(frame)).isEqualTo(149);
    }

    @Test
    void valuesWithTheHighBitSetSurviveTheRoundTrip() {
        byte[] frame = ProbePayload.newFrame(1);
        ProbePayload.stamp(frame, 0x00FF_FF80, 0x7FFF_FFFF);
        assertThat(ProbePayload.callIndex(frame)).isEqualTo(0x00FF_FF80);
        assertThat(ProbePayload.sequence(frame)).isEqualTo(0x7FFF_FFFF);
    }

    @Test
    void restampingAReusedFrameLeavesTheNoiseAlone() {
        byte[] frame = ProbePayload.newFrame(3);
        byte[] noise = Arrays.copyOfRange(frame, ProbePayload.HEADER_BYTES, ProbePayload.FRAME_BYTES);
        ProbePayload.stamp(frame, 1, 1);
        ProbePayload.stamp(frame, 2, 2);
        assertThat(Arrays.copyOfRange(frame, ProbePayload.HEADER_BYTES, ProbePayload.FRAME_BYTES)).isEqualTo(noise);
        assertThat(ProbePayload.sequence(frame)).isEqualTo(2);
    }

    @Test
    void bodyIsQuietMuLawNoise() {
        byte[] frame = ProbePayload.newFrame(42);
        byte[] body = Arrays.copyOfRange(frame, ProbePayload.HEADER_BYTES, frame.length);
        assertThat(body).hasSize(148).containsOnly((byte) 0xFF, (byte) 0xFE, (byte) 0xFD, (byte) 0x7F, (byte) 0x7E, (byte) 0x7D);
        assertThat(body).contains((byte) 0xFF, (byte) 0x7F); // varied, not a constant tone
    }

    @Test
    void otherAudioIsNotAProbe() {
        byte[] silence = new byte[160];
        Arrays.fill(silence, (byte) 0xFF);
        assertThat(ProbePayload.isProbe(silence)).isFalse();
        assertThat(ProbePayload.isProbe(new byte[8])).isFalse();
    }
}
