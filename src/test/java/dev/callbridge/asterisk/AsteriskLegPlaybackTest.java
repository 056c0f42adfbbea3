package dev.callbridge.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.callbridge.audio.AudioChunk;
import dev.callbridge.audio.AudioFormat;
import dev.callbridge.call.EndReason;
import dev.callbridge.call.LegListener;
import dev.callbridge.config.Secret;
import dev.callbridge.rtp.RtpFormat;
import dev.callbridge.rtp.RtpMetrics;
import dev.callbridge.rtp.RtpPortPool;
import dev.callbridge.rtp.RtpSession;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What an Asterisk leg plays to the caller, over real RTP. "Heard" is the audio in packets
 * actually sent: a chunk's tag comes back once its last packet has left on the 20 ms clock, and
 * a barge-in's clear drops what is queued, whose tags then never come back. A bare tag marks the
 * end of what was queued before it. Keys the agent presses go in-band, as tones.
 */
class AsteriskLegPlaybackTest {
    private final Vertx vertx = Vertx.vertx();
    private final AsteriskRtpPeer asterisk = AsteriskRtpPeer.bind(vertx);
    private final Context context = vertx.getOrCreateContext();
    private final List<String> heard = new CopyOnWriteArrayList<>();
    /** Packets Asterisk had received when each tag came back. */
    private final List<Integer> packetsWhenHeard = new CopyOnWriteArrayList<>();
    private AsteriskLeg leg;

    private void openLeg() throws Exception {
        java.util.concurrent.CompletableFuture<AsteriskLeg> opened = new java.util.concurrent.CompletableFuture<>();
        context.runOnContext(v -> RtpSession.open(vertx, new RtpPortPool(27000, 27999), AsteriskRtpPeer.HOST, RtpFormat.PCMU, RtpMetrics.NONE)
                .onSuccess(rtp -> {
                    rtp.remote(AsteriskRtpPeer.HOST, asterisk.port());
                    AriClient unused = new AriClient(vertx, URI.create("http://127.0.0.1:9"), "u", Secret.ofNullable("p"), "callbridge");
                    AsteriskLeg l = new AsteriskLeg(new AsteriskChannels(unused, "caller-1"), rtp, "callbridge-transfer", x -> { });
                    l.listen(new LegListener() {
                        public void onAudio(AudioChunk chunk) { }
                        public void onDtmf(char digit) { }
                        public void onHeard(Object tag) {
                            heard.add((String) tag);
                            packetsWhenHeard.add(asterisk.received().size());
                        }
                        public void onEnded(EndReason reason) { }
                    });
                    opened.complete(l);
                }).onFailure(opened::completeExceptionally));
        leg = opened.get(5, java.util.concurrent.TimeUnit.SECONDS);
    }

    private void onLeg(Runnable r) {
        context.runOnContext(v -> r.run());
    }

    @AfterEach
    void close() {
        asterisk.close();
        vertx.close().await();
    }

    @Test
    void aTagComesBackOnceItsLastPacketHasBeenSent() throws Exception {
        openLeg();
        onLeg(() -> {
            leg.play(new AudioChunk(AudioFormat.PCMU_8K, new byte[800]), "first 100 ms");
            leg.play(new AudioChunk(AudioFormat.PCMU_8K, new byte[800]), "second 100 ms");
            leg.play(new AudioChunk(AudioFormat.PCMU_8K, new byte[0]), "end");
        });
        await().until(() -> heard.size() == 3);
        assertThat(heard).containsExactly("first 100 ms", "second 100 ms", "end");
        // Five packets per 100 ms chunk: each tag only after its chunk's last packet reached Asterisk (give or take one in flight).
        assertThat(packetsWhenHeard.get(0)).isBetween(4, 5);
        assertThat(packetsWhenHeard.get(1)).isBetween(9, 10);
    }

    @Test
    void clearDropsWhatIsQueuedAndItsTagsNeverComeBack() throws Exception {
        openLeg();
        onLeg(() -> {
            leg.play(new AudioChunk(AudioFormat.PCMU_8K, new byte[800]), "heard");
            leg.play(new AudioChunk(AudioFormat.PCMU_8K, new byte[8000]), "cut off"); // one second
        });
        await().until(() -> heard.contains("heard"));
        Thread.sleep(200);
        onLeg(leg::clear);
        Thread.sleep(300);
        int sent = asterisk.received().size();
        Thread.sleep(300);
        assertThat(asterisk.received()).hasSize(sent); // nothing more went out
        assertThat(sent).isLessThan(5 + 50);
        assertThat(heard).containsExactly("heard");
    }

    @Test
    void keysAreSentInBandAsTheTonesTheCallerHears() throws Exception {
        openLeg();
        List<byte[]> tones = dev.callbridge.audio.DtmfTones.ulawFrames("5#");
        onLeg(() -> leg.sendDtmf("5#"));
        await().until(() -> asterisk.received().size() >= tones.size());
        assertThat(asterisk.received()).extracting(r -> r.packet().payload())
                .containsExactlyElementsOf(tones);
    }
}
