package dev.callbridge.rtp;

import static dev.callbridge.rtp.RtpPeer.pcmu;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Through the socket: reordered packets are put back, a duplicate dropped, a gap concealed, and the straggler that fills it too late counted late. */
class RtpSessionLossReorderDuplicateTest {
    private final SessionFixture f = new SessionFixture(RtpFormat.PCMU, SessionFixture.ROOMY);

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void theListenerHearsTheStreamInOrderWithTheGapConcealed() {
        RtpPeer asterisk = f.peer();
        f.session.remote(RtpPeer.HOST, asterisk.port());
        List<List<byte[]>> slots = List.of(
                List.of(pcmu(1, 1)), List.of(pcmu(2, 2)), List.of(pcmu(3, 3)),
                List.of(pcmu(5, 5), pcmu(4, 4)),             // swapped
                List.of(), List.of(pcmu(6, 6), pcmu(6, 6)),  // twice
                List.of(pcmu(7, 7)), List.of(),              // 8 is lost...
                List.of(pcmu(9, 9)), List.of(pcmu(10, 10)), List.of(pcmu(11, 11)), List.of(pcmu(12, 12)));
        asterisk.sendPaced(slots, f.port()).await();

        await().atMost(Duration.ofSeconds(5)).until(() -> f.heardAudio().contains(12));
        asterisk.send(pcmu(8, 8), f.port()); // ...until it turns up after its turn
        await().atMost(Duration.ofSeconds(5)).until(() -> f.counters.snapshot().late() == 1);

        assertThat(f.heardIds().subList(0, 12)).containsExactly(1, 2, 3, 4, 5, 6, 7, -1, 9, 10, 11, 12);
        RtpCounters.Snapshot counted = f.counters.snapshot();
        assertThat(counted.reordered()).isEqualTo(1);
        assertThat(counted.duplicates()).isEqualTo(1);
        assertThat(counted.lost()).isEqualTo(1);
        assertThat(counted.late()).isEqualTo(1);
        assertThat(counted.packetsIn()).isEqualTo(13);
    }
}
