package dev.callbridge.rtp;

import static dev.callbridge.rtp.RtpPeer.pcmu;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** RFC 4733 key presses amid audio (protocols/rtp.md §2) reach the listener once each, and their packets are not taken for lost audio. */
class RtpSessionDtmfTest {
    private static final long SSRC = 0x11223344L;
    private final SessionFixture f = new SessionFixture(RtpFormat.PCMU, SessionFixture.ROOMY);

    @AfterEach
    void close() {
        f.close();
    }

    private static byte[] event(int seq, long ts, boolean marker, int key, boolean end, int duration) {
        return RtpCodec.encode(new RtpPacket(marker, 101, seq, ts, SSRC, new TelephoneEvent(key, end, 10, duration).encode()));
    }

    /** Start (M=1), updates every 20 ms, then the end packet three times, all with the event's timestamp. */
    private static int press(List<byte[]> out, int seq, long ts, int key) {
        for (int duration = 160; duration <= 800; duration += 160) out.add(event(seq++, ts, duration == 160, key, false, duration));
        for (int i = 0; i < 3; i++) out.add(event(seq++, ts, false, key, true, 800));
        return seq;
    }

    @Test
    void eachPressIsReportedOnce() {
        RtpPeer asterisk = f.peer();
        f.session.remote(RtpPeer.HOST, asterisk.port());
        List<byte[]> stream = new ArrayList<>();
        int seq = 1;
        for (; seq <= 3; seq++) stream.add(pcmu(seq, seq));
        seq = press(stream, seq, 8000 + 160L * seq, TelephoneEvent.eventOf('5'));
        stream.add(pcmu(seq, 20));
        seq++;
        seq = press(stream, seq, 8000 + 160L * seq, TelephoneEvent.eventOf('#'));
        stream.add(pcmu(seq, 21));
        asterisk.sendPaced(RtpPeer.oneEach(stream), f.port()).await();

        await().atMost(Duration.ofSeconds(5)).until(() -> f.heardAudio().contains(21));
        assertThat(f.digits).containsExactly('5', '#');
        assertThat(f.counters.snapshot().dtmf()).isEqualTo(2);
        assertThat(f.counters.snapshot().lost()).isZero();
        assertThat(f.heardAudio()).containsExactly(1, 2, 3, 20, 21);
    }
}
