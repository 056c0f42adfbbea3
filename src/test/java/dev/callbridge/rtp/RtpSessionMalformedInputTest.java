package dev.callbridge.rtp;

import static dev.callbridge.rtp.RtpPeer.pcmu;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Garbage, RTCP and unusable payloads are counted and ignored; they latch nothing and the session carries on. */
class RtpSessionMalformedInputTest {
    private final SessionFixture f = new SessionFixture(RtpFormat.PCMU, SessionFixture.ROOMY);

    @AfterEach
    void close() {
        f.close();
    }

    private static byte[] hex(String s) {
        return HexFormat.ofDelimiter(" ").parseHex(s);
    }

    @Test
    void badDatagramsAreCountedIgnoredAndDoNotLatch() {
        RtpPeer scanner = f.peer();
        scanner.send("hello".getBytes(StandardCharsets.US_ASCII), f.port());
        scanner.send(hex("40 00 00 01 00 00 00 02 00 00 00 03 AA"), f.port());        // version 1
        scanner.send(hex("A0 00 00 01 00 00 00 02 00 00 00 03 AA 09"), f.port());     // padding beyond the payload
        scanner.send(hex("80 C8 00 06 11 22 33 44 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"), f.port()); // RTCP SR
        await().atMost(Duration.ofSeconds(5)).until(() -> f.counters.snapshot().malformed() == 3 && f.counters.snapshot().rtcp() == 1);

        RtpPeer asterisk = f.peer();
        List<byte[]> stream = IntStream.rangeClosed(1, 6).mapToObj(i -> pcmu(i, i)).toList();
        asterisk.sendPaced(RtpPeer.oneEach(stream), f.port()).await();
        asterisk.send(RtpCodec.encode(new RtpPacket(false, 101, 7, 8000 + 7 * 160, 0x11223344L, new byte[] {5, 10})), f.port()); // event cut short
        asterisk.send(RtpCodec.encode(new RtpPacket(false, 0, 8, 8000 + 8 * 160, 0x11223344L, new byte[100])), f.port());      // not 20 ms
        asterisk.send(RtpCodec.encode(new RtpPacket(false, 13, 9, 8000 + 9 * 160, 0x11223344L, new byte[1])), f.port());       // comfort noise
        f.session.play(new byte[160], null);

        await().atMost(Duration.ofSeconds(5)).until(() -> f.heardAudio().size() >= 6 && asterisk.received().size() == 1);
        assertThat(f.heardAudio()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(scanner.received()).as("the scanner's datagrams latched nothing").isEmpty();
        await().atMost(Duration.ofSeconds(2)).until(() -> f.counters.snapshot().malformed() == 5);
        RtpCounters.Snapshot counted = f.counters.snapshot();
        assertThat(counted.rtcp()).isEqualTo(1);
        assertThat(counted.ignoredPayloadType()).isEqualTo(1);
        assertThat(counted.packetsIn()).isEqualTo(9);
        assertThat(counted.lost()).as("unusable packets still fill their sequence number").isZero();
    }
}
