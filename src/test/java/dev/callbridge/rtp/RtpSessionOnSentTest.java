package dev.callbridge.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** "Heard" for RTP: a chunk's onSent runs once its last packet has gone out, not before. */
class RtpSessionOnSentTest {
    private final SessionFixture f = new SessionFixture(RtpFormat.PCMU, RtpSettings.DEFAULTS);

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void eachChunksOnSentRunsRightAfterItsLastPacket() {
        RtpPeer asterisk = f.peer();
        f.session.remote(RtpPeer.HOST, asterisk.port());
        List<String> sentWhen = new CopyOnWriteArrayList<>();
        f.session.play(new byte[160 * 3], () -> sentWhen.add("A after " + f.counters.snapshot().packetsOut()));
        f.session.play(new byte[160 * 2], () -> sentWhen.add("B after " + f.counters.snapshot().packetsOut()));
        f.session.play(new byte[0], () -> sentWhen.add("mark after " + f.counters.snapshot().packetsOut()));

        await().atMost(Duration.ofSeconds(5)).until(() -> sentWhen.size() == 3);
        assertThat(sentWhen).containsExactly("A after 3", "B after 5", "mark after 5");
        await().atMost(Duration.ofSeconds(2)).until(() -> asterisk.received().size() == 5);
    }

    @Test
    void nothingIsSentAndNothingReportedBeforeTheRemoteIsKnown() throws Exception {
        List<String> sent = new CopyOnWriteArrayList<>();
        f.session.play(new byte[160], () -> sent.add("A"));
        Thread.sleep(200);
        assertThat(sent).isEmpty();
        assertThat(f.counters.snapshot().packetsOut()).isZero();

        RtpPeer asterisk = f.peer();
        f.session.remote(RtpPeer.HOST, asterisk.port());
        await().atMost(Duration.ofSeconds(5)).until(() -> sent.size() == 1);
        await().atMost(Duration.ofSeconds(2)).until(() -> asterisk.received().size() == 1);
    }
}
