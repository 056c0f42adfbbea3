package dev.callbridge.rtp;

import static dev.callbridge.rtp.RtpPeer.pcmu;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** When Asterisk stops sending (unbridged, hold), the listener gets a few frames of silence, not silence forever; it resumes when packets do. */
class RtpSessionIdleTest {
    private final SessionFixture f = new SessionFixture(RtpFormat.PCMU, SessionFixture.ROOMY);

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void aStoppedStreamEndsInFiveSilentFramesAndThenNothing() throws Exception {
        RtpPeer asterisk = f.peer();
        f.session.remote(RtpPeer.HOST, asterisk.port());
        asterisk.sendPaced(RtpPeer.oneEach(IntStream.rangeClosed(1, 5).mapToObj(i -> pcmu(i, i)).toList()), f.port()).await();
        await().atMost(Duration.ofSeconds(5)).until(() -> f.frames.size() >= 10);
        Thread.sleep(300);
        assertThat(f.heardIds()).containsExactly(1, 2, 3, 4, 5, -1, -1, -1, -1, -1);

        // After a pause a sender goes on with the next sequence number (RFC 3550: only the timestamp jumps).
        asterisk.sendPaced(RtpPeer.oneEach(IntStream.rangeClosed(6, 9).mapToObj(i -> pcmu(i, i)).toList()), f.port()).await();
        await().atMost(Duration.ofSeconds(5)).until(() -> f.heardAudio().contains(9));
        assertThat(f.heardIds().subList(10, 14)).containsExactly(6, 7, 8, 9);
        assertThat(f.counters.snapshot().lost()).as("a pause is not loss").isZero();
    }
}
