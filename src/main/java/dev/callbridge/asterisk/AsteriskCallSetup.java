package dev.callbridge.asterisk;

import dev.callbridge.rtp.RtpFormat;
import dev.callbridge.rtp.RtpMetrics;
import dev.callbridge.rtp.RtpPortPool;
import dev.callbridge.rtp.RtpSession;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.function.Consumer;

/**
 * Connects a caller's channel to our media, the sequence of protocols/asterisk-ari.md: answer
 * (inbound), open our RTP socket, create a mixing bridge, create an External Media channel
 * aimed at the socket, send to the address Asterisk reports for it, and put both channels in
 * the bridge. Any step failing undoes the ones before. Runs on the call's context.
 */
public final class AsteriskCallSetup {
    private final Vertx vertx;
    private final AriClient ari;
    private final RtpPortPool ports;
    private final String rtpHost;
    private final RtpFormat format;
    private final RtpMetrics metrics;
    private final String transferContext;

    public AsteriskCallSetup(Vertx vertx, AriClient ari, RtpPortPool ports, String rtpHost, RtpFormat format, RtpMetrics metrics,
                             String transferContext) {
        this.transferContext = transferContext;
        this.vertx = vertx;
        this.ari = ari;
        this.ports = ports;
        this.rtpHost = rtpHost;
        this.format = format;
        this.metrics = metrics;
    }

    /**
     * @param answer  inbound calls are answered first; an originated one already is
     * @param onGone  called once when the leg has ended, to forget it
     */
    Future<AsteriskLeg> connect(AsteriskChannels channels, boolean answer, Consumer<AsteriskLeg> onGone) {
        Future<Void> answered = answer ? ari.answer(channels.callerId) : Future.succeededFuture();
        return answered.compose(v -> RtpSession.open(vertx, ports, rtpHost, format, metrics))
                .compose(rtp -> bridge(channels, rtp)
                        .map(v -> new AsteriskLeg(channels, rtp, transferContext, onGone))
                        .onFailure(e -> rtp.close()))
                .onFailure(e -> channels.hangUp());
    }

    private Future<Void> bridge(AsteriskChannels channels, RtpSession rtp) {
        channels.bridgeId = AriClient.newId();
        channels.mediaId = AriClient.newId();
        return ari.createBridge(channels.bridgeId, "mixing")
                .compose(b -> ari.externalMedia(channels.mediaId, rtpHost + ":" + rtp.localPort(), format.asteriskName()))
                .compose(media -> {
                    // Where Asterisk receives our RTP. Without it, the first packet's source is latched.
                    String host = media.channelvar("UNICASTRTP_LOCAL_ADDRESS");
                    String port = media.channelvar("UNICASTRTP_LOCAL_PORT");
                    if (host != null && port != null) rtp.remote(reachable(host), Integer.parseInt(port));
                    return ari.addChannels(channels.bridgeId, List.of(channels.callerId, channels.mediaId));
                });
    }

    /** Asterisk bound to all interfaces reports 0.0.0.0; it is reachable where ARI is. */
    private String reachable(String host) {
        return host.equals("0.0.0.0") || host.equals("::") ? ari.host() : host;
    }
}
