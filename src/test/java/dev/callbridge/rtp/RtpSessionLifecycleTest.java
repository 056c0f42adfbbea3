package dev.callbridge.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Opening takes a port from the pool (skipping one another process holds), running out fails clearly, closing gives it back once. */
class RtpSessionLifecycleTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close().await();
    }

    private RtpSession open(RtpPortPool pool) {
        return RtpSession.open(vertx, pool, RtpPeer.HOST, RtpFormat.PCMU, RtpMetrics.NONE).await();
    }

    @Test
    void exhaustionFailsTheOpenAndClosingMakesThePortAvailableAgain() {
        // Two ports probed free may still be taken by another socket before we bind them: try another pair then.
        RtpPortPool pool = null;
        RtpSession a = null;
        RtpSession b = null;
        for (int attempt = 0; attempt < 5 && b == null; attempt++) {
            pool = SessionFixture.randomPool(2);
            try {
                a = open(pool);
                b = open(pool);
            } catch (RuntimeException e) {
                if (a != null) a.close().await();
                a = null;
            }
        }
        assertThat(b).as("two free ports to bind").isNotNull();
        assertThat(a.localPort()).isNotEqualTo(b.localPort());
        assertThat(a.localPort() % 2).isZero();
        RtpPortPool full = pool;
        assertThatThrownBy(() -> open(full)).isInstanceOf(RtpPortsExhaustedException.class);

        int freed = a.localPort();
        a.close().await();
        assertThat(pool.inUse(freed)).isFalse();
        // The kernel may take a moment to let go of a just-closed UDP port (seen with the epoll transport);
        // production never meets it, since the pool hands a freed port out last.
        RtpSession c = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(2)).ignoreExceptions()
                .until(() -> open(full), java.util.Objects::nonNull);
        assertThat(c.localPort()).isEqualTo(freed);
        b.close().await();
        c.close().await();
        assertThat(pool.available()).isEqualTo(2);
    }

    @Test
    void aPortTakenByAnotherProcessIsSkipped() {
        RtpPortPool pool = SessionFixture.randomPool(2);
        int taken = pool.acquire();
        pool.release(taken);
        DatagramSocket squatter = vertx.createDatagramSocket(new DatagramSocketOptions()).listen(taken, RtpPeer.HOST).await();
        try {
            RtpSession session = open(pool);
            assertThat(session.localPort()).isNotEqualTo(taken);
            assertThat(pool.inUse(taken)).isFalse();
            session.close().await();
        } finally {
            squatter.close().await();
        }
    }

    @Test
    void closeIsIdempotentAndPlayingAfterItDoesNothing() throws Exception {
        RtpPortPool pool = SessionFixture.randomPool(2);
        RtpSession session = open(pool);
        RtpPeer peer = RtpPeer.bind(vertx);
        session.remote(RtpPeer.HOST, peer.port());
        session.close().await();
        session.close().await();
        assertThat(pool.available()).isEqualTo(2);

        AtomicBoolean reported = new AtomicBoolean();
        session.play(new byte[160], () -> reported.set(true));
        Thread.sleep(200);
        assertThat(reported).isFalse();
        assertThat(peer.received()).isEmpty();
        peer.close();
    }
}
