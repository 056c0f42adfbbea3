package dev.callbridge.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The header vectors of protocols/rtp.md, and every way a datagram can fail to be RTP. */
class RtpCodecVectorsTest {
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    private static byte[] hex(String s) {
        return HEX.parseHex(s);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] payload(int n) {
        byte[] p = new byte[n];
        for (int i = 0; i < n; i++) p[i] = (byte) (i * 7 + 1);
        return p;
    }

    @Test
    void parsesAndEncodesThePcmuExampleAndItsSuccessor() throws Exception {
        byte[] audio = payload(160);
        byte[] first = concat(hex("80 80 12 34 00 00 0A 00 DE AD BE EF"), audio);
        byte[] second = concat(hex("80 00 12 35 00 00 0A A0 DE AD BE EF"), audio);

        RtpPacket p1 = RtpCodec.parse(first);
        assertThat(p1).isEqualTo(new RtpPacket(true, 0, 0x1234, 2560, 0xDEADBEEFL, audio));
        RtpPacket p2 = RtpCodec.parse(second);
        assertThat(p2).isEqualTo(new RtpPacket(false, 0, 0x1235, 2720, 0xDEADBEEFL, audio));

        assertThat(RtpCodec.encode(p1)).containsExactly(first);
        assertThat(RtpCodec.encode(p2)).containsExactly(second);
    }

    @Test
    void parsesTheTelephoneEventExampleHeader() throws Exception {
        RtpPacket start = RtpCodec.parse(hex("80 E5 00 10 00 01 2C 00 01 02 03 04 05 0A 00 A0"));
        assertThat(start.marker()).isTrue();
        assertThat(start.payloadType()).isEqualTo(101);
        assertThat(start.sequence()).isEqualTo(0x10);
        assertThat(start.timestamp()).isEqualTo(0x00012C00L);
        assertThat(start.ssrc()).isEqualTo(0x01020304L);
        assertThat(start.payload()).containsExactly(hex("05 0A 00 A0"));
    }

    @Test
    void unsignedFieldsRoundTripAtTheirMaximum() throws Exception {
        RtpPacket max = new RtpPacket(true, 127, 65535, 0xFFFF_FFFFL, 0xFFFF_FFFFL, payload(3));
        byte[] wire = RtpCodec.encode(max);
        assertThat(wire).startsWith(hex("80 FF FF FF FF FF FF FF FF FF FF FF"));
        assertThat(RtpCodec.parse(wire)).isEqualTo(max);
    }

    @Test
    void skipsCsrcsAndHeaderExtensionToFindThePayload() throws Exception {
        byte[] twoCsrcs = concat(hex("82 00 00 01 00 00 00 02 00 00 00 03 AA AA AA AA BB BB BB BB"), payload(5));
        assertThat(RtpCodec.parse(twoCsrcs).payload()).containsExactly(payload(5));

        // X bit, profile 0xBEDE, 2 words of extension data, then the payload.
        byte[] extension = concat(hex("90 00 00 01 00 00 00 02 00 00 00 03 BE DE 00 02 11 22 33 44 55 66 77 88"), payload(5));
        assertThat(RtpCodec.parse(extension).payload()).containsExactly(payload(5));

        byte[] both = concat(hex("91 00 00 01 00 00 00 02 00 00 00 03 CC CC CC CC BE DE 00 01 11 22 33 44"), payload(4));
        assertThat(RtpCodec.parse(both).payload()).containsExactly(payload(4));
    }

    @Test
    void stripsPadding() throws Exception {
        byte[] padded = concat(hex("A0 00 00 01 00 00 00 02 00 00 00 03"), concat(payload(5), hex("00 00 03")));
        assertThat(RtpCodec.parse(padded).payload()).containsExactly(payload(5));

        byte[] allPadding = hex("A0 00 00 01 00 00 00 02 00 00 00 03 00 00 00 04");
        assertThat(RtpCodec.parse(allPadding).payload()).isEmpty();
    }

    @Test
    void readsOnlyTheGivenLength() throws Exception {
        byte[] buffer = concat(hex("80 00 00 01 00 00 00 02 00 00 00 03 0A 0B"), payload(50)); // a reused receive buffer
        assertThat(RtpCodec.parse(buffer, 14).payload()).containsExactly(0x0A, 0x0B);
        assertThatIllegalArgumentException().isThrownBy(() -> RtpCodec.parse(buffer, buffer.length + 1));
    }

    @Test
    void rejectsEachKindOfMalformedDatagram() {
        assertKind(hex(""), RtpFormatException.Kind.TOO_SHORT);
        assertKind(hex("80 00 00 01 00 00 00 02 00 00 00"), RtpFormatException.Kind.TOO_SHORT);
        assertKind(hex("40 00 00 01 00 00 00 02 00 00 00 03"), RtpFormatException.Kind.BAD_VERSION);
        assertKind(hex("C0 00 00 01 00 00 00 02 00 00 00 03"), RtpFormatException.Kind.BAD_VERSION);
        assertKind(hex("8F 00 00 01 00 00 00 02 00 00 00 03 00 00 00 00"), RtpFormatException.Kind.BAD_CSRC);
        assertKind(hex("90 00 00 01 00 00 00 02 00 00 00 03 BE DE"), RtpFormatException.Kind.BAD_EXTENSION);
        assertKind(hex("90 00 00 01 00 00 00 02 00 00 00 03 BE DE 00 03 11 22 33 44"), RtpFormatException.Kind.BAD_EXTENSION);
        assertKind(hex("A0 00 00 01 00 00 00 02 00 00 00 03 01 02 00"), RtpFormatException.Kind.BAD_PADDING);
        assertKind(hex("A0 00 00 01 00 00 00 02 00 00 00 03 01 02 04"), RtpFormatException.Kind.BAD_PADDING);
        assertKind(hex("A0 00 00 01 00 00 00 02 00 00 00 03"), RtpFormatException.Kind.BAD_PADDING);
    }

    @Test
    void recognisesRtcpOnTheRtpPort() {
        for (int type = 200; type <= 204; type++) {
            assertKind(hex("80 " + HexFormat.of().toHexDigits((byte) type) + " 00 06 00 00 00 01 00 00 00 02 00 00 00 03"),
                    RtpFormatException.Kind.RTCP);
        }
        // An RTCP receiver report with one report block (RC=1): still RTCP, not audio with PT 73.
        assertKind(hex("81 C9 00 07 11 22 33 44 55 66 77 88 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"),
                RtpFormatException.Kind.RTCP);
    }

    private static void assertKind(byte[] datagram, RtpFormatException.Kind kind) {
        assertThatThrownBy(() -> RtpCodec.parse(datagram))
                .as(HEX.formatHex(datagram))
                .isInstanceOfSatisfying(RtpFormatException.class, e -> assertThat(e.kind()).isEqualTo(kind));
    }
}
