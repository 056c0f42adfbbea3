package dev.callbridge.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Whatever arrives on the socket, parsing either yields a packet whose payload lies inside the
 * datagram or throws {@link RtpFormatException}; nothing else (no index errors, no argument errors).
 */
class RtpCodecFuzzTest {
    private static final long SEED = 0x5EED_0F_4733L;
    private static final int ROUNDS = 200_000;

    @Test
    void randomBytesOnlyEverFailAsRtpFormatException() {
        SplittableRandom random = new SplittableRandom(SEED);
        int parsed = 0;
        for (int round = 0; round < ROUNDS; round++) {
            byte[] datagram = new byte[random.nextInt(0, 200)];
            random.nextBytes(datagram);
            if (random.nextBoolean() && datagram.length > 0) datagram[0] = (byte) (0x80 | datagram[0] & 0x3F); // version 2 half the time
            if (check(datagram, random.nextInt(0, datagram.length + 1))) parsed++;
        }
        assertThat(parsed).as("some random datagrams must get past the header checks").isGreaterThan(ROUNDS / 100);
    }

    @Test
    void mutatedValidPacketsOnlyEverFailAsRtpFormatException() {
        SplittableRandom random = new SplittableRandom(SEED + 1);
        int rejected = 0;
        for (int round = 0; round < ROUNDS; round++) {
            byte[] payload = new byte[random.nextInt(0, 180)];
            random.nextBytes(payload);
            byte[] datagram = RtpCodec.encode(new RtpPacket(random.nextBoolean(), random.nextInt(128), random.nextInt(65536),
                    random.nextLong(1L << 32), random.nextLong(1L << 32), payload));
            int flips = random.nextInt(1, 4);
            for (int i = 0; i < flips; i++) {
                int at = random.nextInt(random.nextBoolean() ? Math.min(16, datagram.length) : datagram.length);
                datagram[at] ^= (byte) (1 << random.nextInt(8));
            }
            if (!check(datagram, random.nextInt(datagram.length / 2, datagram.length + 1))) rejected++;
        }
        assertThat(rejected).as("mutations must hit the checks").isGreaterThan(ROUNDS / 100);
    }

    /** True if parsed; false if rejected as RtpFormatException; fails the test on anything else. */
    private static boolean check(byte[] datagram, int length) {
        try {
            RtpPacket p = RtpCodec.parse(datagram, length);
            assertThat(p.payload().length).isLessThanOrEqualTo(length - RtpPacket.HEADER_BYTES);
            assertThat(datagram[0] & 0xC0).isEqualTo(0x80);
            return true;
        } catch (RtpFormatException expected) {
            assertThat(expected.kind()).isNotNull();
            return false;
        } catch (RuntimeException | AssertionError e) {
            return fail("parse(" + HexFormat.of().formatHex(datagram) + ", " + length + ") threw " + e, e);
        }
    }
}
