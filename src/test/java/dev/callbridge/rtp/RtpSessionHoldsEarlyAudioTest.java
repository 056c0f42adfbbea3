package dev.callbridge.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Audio that arrives before anyone listens (Asterisk streams as soon as the External Media
 * channel exists) is held and handed to the first listener in order; the hold is bounded, the
 * oldest dropped and counted beyond it.
 */
class RtpSessionHoldsEarlyAudioTest {
    private final Vertx vertx = Vertx.vertx();
    private final RtpCounters counters = new RtpCounters();
    private final List<byte[]> frames = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        vertx.close().await();
    }

    private RtpSession open() {
        return RtpSession.open(vertx, SessionFixture.randomPool(4), RtpPeer.HOST, RtpFormat.PCMU, counters, SessionFixture.ROOMY).await();
    }

    private void listen(RtpSession session) {
        session.listen(new RtpSession.Listener() {
            public void onAudio(byte[] frame) {
                frames.add(frame);
            }

            public void onDtmf(char digit) {}
        });
    }

    private static List<Integer> ids(List<byte[]> frames) {
        return frames.stream().filter(f -> f[0] != (byte) 0xFF).map(f -> (int) f[0]).toList();
    }

    @Test
    void framesPlayedOutBeforeTheListenerReachItFirstInOrder() throws Exception {
        RtpSession session = open();
        RtpPeer peer = RtpPeer.bind(vertx);
        List<byte[]> early = new ArrayList<>();
        for (int seq = 0; seq < 10; seq++) early.add(RtpPeer.pcmu(seq, 0x10 + seq));
        peer.sendPaced(RtpPeer.oneEach(early), session.localPort()).await();
        Thread.sleep(200); // the jitter buffer has played all ten out by now, to nobody
        listen(session);
        await().until(() -> ids(frames).size() == 10);
        assertThat(ids(frames)).containsExactly(0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19);

        List<byte[]> later = new ArrayList<>();
        for (int seq = 10; seq < 13; seq++) later.add(RtpPeer.pcmu(seq, 0x10 + seq));
        peer.sendPaced(RtpPeer.oneEach(later), session.localPort()).await();
        await().until(() -> ids(frames).size() == 13);
        assertThat(ids(frames).subList(10, 13)).containsExactly(0x1A, 0x1B, 0x1C);
        peer.close();
        session.close().await();
    }

    @Test
    void theHoldIsBoundedAndWhatItDropsIsCounted() throws Exception {
        RtpSession session = open();
        RtpPeer peer = RtpPeer.bind(vertx);
        int sent = RtpSession.MAX_HELD_FRAMES + 50;
        List<byte[]> early = new ArrayList<>();
        for (int seq = 0; seq < sent; seq++) early.add(RtpPeer.pcmu(seq, 1 + seq % 100));
        peer.sendPaced(RtpPeer.oneEach(early), session.localPort()).await();
        await().until(() -> counters.snapshot().packetsIn() == sent);
        Thread.sleep(300); // played out (and gone idle) with nobody listening
        listen(session);
        await().until(() -> frames.size() >= RtpSession.MAX_HELD_FRAMES);
        Thread.sleep(100);
        // Exactly the bound is held; the oldest made way for the newest, and that was counted.
        assertThat(frames).hasSize(RtpSession.MAX_HELD_FRAMES);
        assertThat(ids(frames).getLast()).as("the newest audio is kept").isEqualTo(1 + (sent - 1) % 100);
        assertThat(ids(frames).getFirst()).as("the oldest audio made way").isNotEqualTo(1);
        assertThat(counters.snapshot().overflow()).isPositive();
        peer.close();
        session.close().await();
    }
}
