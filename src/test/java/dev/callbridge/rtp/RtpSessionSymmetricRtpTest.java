package dev.callbridge.rtp;

import static dev.callbridge.rtp.RtpPeer.pcmu;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Strict, symmetric RTP: one remote, set or latched from the first valid packet; everyone else is ignored. */
class RtpSessionSymmetricRtpTest {
    private final SessionFixture f = new SessionFixture(RtpFormat.PCMU, SessionFixture.ROOMY);

    @AfterEach
    void close() {
        f.close();
    }

    private static List<byte[]> stream(int firstId, int count) {
        return IntStream.range(0, count).mapToObj(i -> pcmu(500 + firstId + i, firstId + i)).toList();
    }

    @Test
    void packetsFromAnotherSourceAreIgnoredOnceTheRemoteIsSet() {
        RtpPeer asterisk = f.peer();
        RtpPeer stranger = f.peer();
        f.session.remote(RtpPeer.HOST, asterisk.port());
        stranger.sendPaced(RtpPeer.oneEach(stream(50, 10)), f.port()).await();
        asterisk.sendPaced(RtpPeer.oneEach(stream(1, 10)), f.port()).await();

        await().atMost(Duration.ofSeconds(5)).until(() -> f.heardAudio().size() >= 10);
        assertThat(f.heardAudio()).containsExactlyElementsOf(IntStream.rangeClosed(1, 10).boxed().toList());
        assertThat(f.counters.snapshot().wrongSource()).isEqualTo(10);
        assertThat(f.counters.snapshot().packetsIn()).isEqualTo(10);
    }

    @Test
    void withoutARemoteTheFirstValidSourceIsLatchedAndHeldAudioGoesThere() throws Exception {
        f.session.play(new byte[160 * 2], null); // queued: nowhere to send yet
        RtpPeer asterisk = f.peer();
        RtpPeer stranger = f.peer();
        asterisk.sendPaced(RtpPeer.oneEach(stream(1, 5)), f.port()).await();
        stranger.sendPaced(RtpPeer.oneEach(stream(50, 5)), f.port()).await();

        await().atMost(Duration.ofSeconds(5)).until(() -> asterisk.received().size() >= 2 && f.heardAudio().size() >= 5);
        Thread.sleep(100);
        assertThat(asterisk.received()).hasSize(2).allSatisfy(r -> assertThat(r.fromPort()).isEqualTo(f.port()));
        assertThat(stranger.received()).isEmpty();
        assertThat(f.heardAudio()).containsExactly(1, 2, 3, 4, 5);
        assertThat(f.counters.snapshot().wrongSource()).isEqualTo(5);
    }

    @Test
    void theRemoteMustBeAReachableIpAddress() {
        assertThatIllegalArgumentException().isThrownBy(() -> f.session.remote("asterisk.local", 4000)).withMessageContaining("IP address");
        assertThatIllegalArgumentException().isThrownBy(() -> f.session.remote("0.0.0.0", 4000)).withMessageContaining("any-address");
        assertThatIllegalArgumentException().isThrownBy(() -> f.session.remote("127.0.0.1", 0));
    }
}
