package dev.callbridge.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sequence +1 per packet, timestamp +samples per slot even across silence, one SSRC, marker on each talkspurt's first packet. */
class RtpPacerHeaderRulesTest {
    private final List<Runnable> sent = new ArrayList<>();

    @Test
    void consecutivePacketsFollowTheRules() {
        RtpPacer pacer = new RtpPacer(RtpFormat.PCMU, 0, new FixedRandom(1000, 50_000, 0xCAFEL));
        pacer.play(new byte[160 * 5], null);
        List<RtpPacket> packets = new ArrayList<>();
        for (int slot = 10; slot < 15; slot++) packets.add(pacer.next(slot, sent::add));
        for (int i = 0; i < 5; i++) {
            RtpPacket p = packets.get(i);
            assertThat(p.sequence()).isEqualTo(1000 + i);
            assertThat(p.timestamp()).isEqualTo(50_000 + 160L * (10 + i));
            assertThat(p.ssrc()).isEqualTo(0xCAFEL);
            assertThat(p.marker()).as("marker on packet %d", i).isEqualTo(i == 0);
        }
        assertThat(pacer.ssrc()).isEqualTo(0xCAFEL);
    }

    @Test
    void afterSilenceTheTimestampJumpsByTheSilentTimeAndTheMarkerIsSet() {
        RtpPacer pacer = new RtpPacer(RtpFormat.PCMU, 0, new FixedRandom(7, 0, 1));
        pacer.play(new byte[320], null);
        RtpPacket a = pacer.next(0, sent::add);
        RtpPacket b = pacer.next(1, sent::add);
        for (int slot = 2; slot < 52; slot++) assertThat(pacer.next(slot, sent::add)).isNull(); // 1 s of nothing
        pacer.play(new byte[160], null);
        RtpPacket c = pacer.next(52, sent::add);
        assertThat(b.sequence() - a.sequence()).isEqualTo(1);
        assertThat(c.sequence() - b.sequence()).isEqualTo(1);
        assertThat(c.timestamp() - b.timestamp()).isEqualTo(51 * 160L);
        assertThat(c.marker()).isTrue();
        assertThat(b.marker()).isFalse();

        pacer.play(new byte[160], null); // slots the caller skipped count as silence too
        RtpPacket d = pacer.next(60, sent::add);
        assertThat(d.timestamp() - c.timestamp()).isEqualTo(8 * 160L);
        assertThat(d.marker()).isTrue();
    }

    @Test
    void sequenceAndTimestampWrap() {
        RtpPacer pacer = new RtpPacer(RtpFormat.SLIN16, 96, new FixedRandom(65535, 0xFFFF_FF00L, 9));
        pacer.play(new byte[640 * 2], null);
        RtpPacket a = pacer.next(0, sent::add);
        RtpPacket b = pacer.next(1, sent::add);
        assertThat(a.sequence()).isEqualTo(65535);
        assertThat(b.sequence()).isZero();
        assertThat(a.timestamp()).isEqualTo(0xFFFF_FF00L);
        assertThat(b.timestamp()).isEqualTo(0x40L); // 0xFFFFFF00 + 320 mod 2^32
        assertThat(b.payloadType()).isEqualTo(96);
    }

    @Test
    void thePayloadTypeCanChangeOnceLearned() {
        RtpPacer pacer = new RtpPacer(RtpFormat.SLIN16, 118, new FixedRandom(0, 0, 1));
        pacer.play(new byte[640 * 2], null);
        assertThat(pacer.next(0, sent::add).payloadType()).isEqualTo(118);
        pacer.payloadType(97);
        assertThat(pacer.next(1, sent::add).payloadType()).isEqualTo(97);
    }

    @Test
    void slotsMustMoveForward() {
        RtpPacer pacer = new RtpPacer(RtpFormat.PCMU, 0, new FixedRandom(0, 0, 1));
        pacer.next(5, sent::add);
        assertThatIllegalArgumentException().isThrownBy(() -> pacer.next(5, sent::add));
        assertThatIllegalArgumentException().isThrownBy(() -> pacer.next(4, sent::add));
    }
}
