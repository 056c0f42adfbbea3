package dev.callbridge.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** slin16 is big-endian on the wire and little-endian for the leg; its payload type is Asterisk's, learned from its first packet. */
class RtpSessionSlin16Test {
    private static final long SSRC = 0x5117L;
    private final SessionFixture f = new SessionFixture(RtpFormat.SLIN16, SessionFixture.ROOMY);

    @AfterEach
    void close() {
        f.close();
    }

    /** 20 ms of a ramp starting at {@code base}: 320 samples. */
    private static short[] samples(int base) {
        short[] s = new short[320];
        for (int i = 0; i < s.length; i++) s[i] = (short) (base + i * 97);
        return s;
    }

    private static byte[] bigEndian(short[] s) {
        byte[] b = new byte[s.length * 2];
        for (int i = 0; i < s.length; i++) {
            b[2 * i] = (byte) (s[i] >> 8);
            b[2 * i + 1] = (byte) s[i];
        }
        return b;
    }

    private static byte[] littleEndian(short[] s) {
        byte[] b = new byte[s.length * 2];
        for (int i = 0; i < s.length; i++) {
            b[2 * i] = (byte) s[i];
            b[2 * i + 1] = (byte) (s[i] >> 8);
        }
        return b;
    }

    @Test
    void convertsByteOrderBothWaysAndAnswersInTheLearnedPayloadType() {
        RtpPeer asterisk = f.peer();
        List<byte[]> stream = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            stream.add(RtpCodec.encode(new RtpPacket(i == 0, 96, 300 + i, 16_000 + 320L * i, SSRC, bigEndian(samples(-12_000 + i * 1000)))));
        }
        asterisk.sendPaced(RtpPeer.oneEach(stream), f.port()).await();
        await().atMost(Duration.ofSeconds(5)).until(() -> f.frames.size() >= 5);
        for (int i = 0; i < 5; i++) {
            assertThat(f.frames.get(i)).as("frame %d, little-endian for the leg", i).containsExactly(littleEndian(samples(-12_000 + i * 1000)));
        }

        byte[] speech = new byte[1280];
        System.arraycopy(littleEndian(samples(1)), 0, speech, 0, 640);
        System.arraycopy(littleEndian(samples(5001)), 0, speech, 640, 640);
        f.session.play(speech, null);
        await().atMost(Duration.ofSeconds(5)).until(() -> asterisk.received().size() >= 2);
        List<RtpPacket> sent = asterisk.packets();
        assertThat(sent.get(0).payloadType()).as("learned from Asterisk's packets").isEqualTo(96);
        assertThat(sent.get(0).payload()).containsExactly(bigEndian(samples(1)));
        assertThat(sent.get(1).payload()).containsExactly(bigEndian(samples(5001)));
        assertThat(sent.get(1).timestamp() - sent.get(0).timestamp()).isEqualTo(320);
    }

    @Test
    void beforeAsteriskHasSentAnythingItSendsAsterisksStaticSlin16Type() {
        RtpPeer asterisk = f.peer();
        f.session.remote(RtpPeer.HOST, asterisk.port());
        f.session.play(new byte[640], null);
        await().atMost(Duration.ofSeconds(5)).until(() -> asterisk.received().size() == 1);
        assertThat(asterisk.packets().get(0).payloadType()).isEqualTo(118);
        assertThat(asterisk.packets().get(0).payload()).hasSize(640);
    }
}
