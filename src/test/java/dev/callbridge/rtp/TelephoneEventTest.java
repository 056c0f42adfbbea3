package dev.callbridge.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** RFC 4733 payloads from protocols/rtp.md §2: digit 5, volume 10, 100 ms. */
class TelephoneEventTest {
    private static byte[] hex(String s) {
        return HexFormat.ofDelimiter(" ").parseHex(s);
    }

    @Test
    void decodesTheExamplesStartUpdateAndEndPayloads() throws Exception {
        assertThat(TelephoneEvent.decode(hex("05 0A 00 A0"))).isEqualTo(new TelephoneEvent(5, false, 10, 160));
        assertThat(TelephoneEvent.decode(hex("05 0A 01 40"))).isEqualTo(new TelephoneEvent(5, false, 10, 320));
        assertThat(TelephoneEvent.decode(hex("05 0A 03 20"))).isEqualTo(new TelephoneEvent(5, false, 10, 800));
        TelephoneEvent end = TelephoneEvent.decode(hex("05 8A 03 20"));
        assertThat(end).isEqualTo(new TelephoneEvent(5, true, 10, 800));
        assertThat(end.digit()).isEqualTo('5');
    }

    @Test
    void encodesToTheSameBytes() {
        assertThat(new TelephoneEvent(5, false, 10, 160).encode()).containsExactly(hex("05 0A 00 A0"));
        assertThat(new TelephoneEvent(5, true, 10, 800).encode()).containsExactly(hex("05 8A 03 20"));
        assertThat(new TelephoneEvent(11, true, 63, 0xFFFF).encode()).containsExactly(hex("0B BF FF FF"));
    }

    @Test
    void mapsEventCodesToKeysBothWays() throws Exception {
        String keys = "0123456789*#ABCD";
        for (int event = 0; event < 16; event++) {
            TelephoneEvent e = TelephoneEvent.decode(new byte[] {(byte) event, 0, 0, 0});
            assertThat(e.isDtmf()).isTrue();
            assertThat(e.digit()).isEqualTo(keys.charAt(event));
            assertThat(TelephoneEvent.eventOf(keys.charAt(event))).isEqualTo(event);
        }
        assertThat(TelephoneEvent.eventOf('a')).isEqualTo(12);
        TelephoneEvent flash = new TelephoneEvent(16, false, 10, 160);
        assertThat(flash.isDtmf()).isFalse();
        assertThatIllegalStateException().isThrownBy(flash::digit);
        assertThatIllegalArgumentException().isThrownBy(() -> TelephoneEvent.eventOf('E'));
    }

    @Test
    void ignoresTheReservedBitAndRejectsShortPayloads() throws Exception {
        assertThat(TelephoneEvent.decode(hex("05 CA 03 20"))).isEqualTo(new TelephoneEvent(5, true, 10, 800));
        assertThatThrownBy(() -> TelephoneEvent.decode(hex("05 8A 03")))
                .isInstanceOfSatisfying(RtpFormatException.class, e -> assertThat(e.kind()).isEqualTo(RtpFormatException.Kind.TOO_SHORT));
    }
}
