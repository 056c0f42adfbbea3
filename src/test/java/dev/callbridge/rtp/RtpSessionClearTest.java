package dev.callbridge.rtp;

import static dev.callbridge.rtp.RtpPeer.ulaw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Barge-in: clear stops the queued audio at once, and its onSent never runs. */
class RtpSessionClearTest {
    private final SessionFixture f = new SessionFixture(RtpFormat.PCMU, RtpSettings.DEFAULTS);

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void clearDropsTheRestOfTheQueueAndItsCallbacks() throws Exception {
        RtpPeer asterisk = f.peer();
        f.session.remote(RtpPeer.HOST, asterisk.port());
        AtomicBoolean droppedReported = new AtomicBoolean();
        f.session.play(new byte[160 * 100], () -> droppedReported.set(true)); // 2 s
        await().atMost(Duration.ofSeconds(5)).until(() -> asterisk.received().size() >= 5);
        f.session.clear();
        Thread.sleep(200);
        int afterClear = asterisk.received().size();
        Thread.sleep(300);
        assertThat(asterisk.received()).hasSize(afterClear);
        assertThat(afterClear).isLessThan(30);
        assertThat(droppedReported).isFalse();

        AtomicBoolean nextReported = new AtomicBoolean();
        f.session.play(ulaw(7), () -> nextReported.set(true));
        await().atMost(Duration.ofSeconds(5)).until(nextReported::get);
        await().atMost(Duration.ofSeconds(2)).until(() -> asterisk.received().size() == afterClear + 1);
        List<RtpPacket> packets = asterisk.packets();
        RtpPacket resumed = packets.get(afterClear);
        assertThat(resumed.payload()[0]).isEqualTo((byte) 7);
        assertThat(resumed.marker()).as("a new talkspurt").isTrue();
        assertThat(resumed.sequence()).isEqualTo((packets.get(afterClear - 1).sequence() + 1) & 0xFFFF);
        assertThat(droppedReported).isFalse();
    }
}
