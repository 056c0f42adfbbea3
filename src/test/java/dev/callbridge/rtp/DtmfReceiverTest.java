package dev.callbridge.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each key press is reported once, on the first packet of its event, however many packets carry it. */
class DtmfReceiverTest {
    private static final long SSRC = 0x01020304L;
    private final DtmfReceiver receiver = new DtmfReceiver();
    private final List<Character> reported = new ArrayList<>();

    private void receive(long ssrc, int seq, long ts, int event, boolean end, int duration) {
        TelephoneEvent e = new TelephoneEvent(event, end, 10, duration);
        RtpPacket p = new RtpPacket(false, 101, seq, ts, ssrc, e.encode());
        receiver.accept(p, e).ifPresent(reported::add);
    }

    /** protocols/rtp.md §2: start (dur 160), updates up to 800, then the end packet three times. */
    private void digitFive(int firstSeq, long ts, boolean withStart, boolean withEnds) {
        int seq = firstSeq;
        for (int duration = withStart ? 160 : 320; duration <= 800; duration += 160) receive(SSRC, seq++, ts, 5, false, duration);
        if (withEnds) for (int i = 0; i < 3; i++) receive(SSRC, seq++, ts, 5, true, 800);
    }

    @Test
    void theExamplePressIsReportedOnceOnItsFirstPacket() {
        receive(SSRC, 0x10, 0x12C00, 5, false, 160);
        assertThat(reported).containsExactly('5');
        digitFive(0x11, 0x12C00, false, true);
        assertThat(reported).containsExactly('5');
    }

    @Test
    void theSameKeyPressedTwiceIsTwoEventsWithTwoTimestamps() {
        digitFive(100, 16_000, true, true);
        digitFive(110, 24_000, true, true);
        assertThat(reported).containsExactly('5', '5');
    }

    @Test
    void aPressIsReportedWhenItsStartOrItsEndsAreLost() {
        digitFive(100, 16_000, false, true);  // start lost
        digitFive(110, 24_000, true, false);  // all three ends lost
        receive(SSRC, 120, 32_000, 11, true, 800); // only an end packet got through
        receive(SSRC, 121, 32_000, 11, true, 800);
        assertThat(reported).containsExactly('5', '5', '#');
    }

    @Test
    void aStragglerOfAnEarlierEventIsNotReportedAgain() {
        digitFive(100, 16_000, true, false);
        receive(SSRC, 110, 24_000, 1, false, 160);
        receive(SSRC, 106, 16_000, 5, true, 800); // a late end of the earlier press
        assertThat(reported).containsExactly('5', '1');
    }

    @Test
    void timestampsCompareAcrossTheirWrap() {
        receive(SSRC, 1, 0xFFFF_FF00L, 2, false, 160);
        receive(SSRC, 5, 0x0000_0100L, 3, false, 160);
        receive(SSRC, 6, 0xFFFF_FF00L, 2, true, 800);
        assertThat(reported).containsExactly('2', '3');
    }

    @Test
    void aNewSourceStartsAfreshAndNonKeyEventsAreNotReported() {
        receive(SSRC, 1, 50_000, 4, false, 160);
        receive(0xAABBCCDDL, 900, 1_000, 4, false, 160); // lower timestamp, but another sender
        receive(0xAABBCCDDL, 901, 9_000, 16, false, 160); // flash
        receive(0xAABBCCDDL, 902, 9_000, 16, true, 800);
        assertThat(reported).containsExactly('4', '4');
    }
}
