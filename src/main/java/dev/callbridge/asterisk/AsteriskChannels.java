package dev.callbridge.asterisk;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * What one Asterisk call is made of in Asterisk: the caller's channel, and the mixing bridge and
 * External Media channel we created for it (ids we chose; null until created). Tearing down is
 * best effort and idempotent: each piece is removed once, and a piece Asterisk already removed
 * (404) is not an error.
 */
final class AsteriskChannels {
    private final AriClient ari;
    final String callerId;
    String bridgeId;
    String mediaId;
    private boolean callerGone;
    private boolean tornDown;

    AsteriskChannels(AriClient ari, String callerId) {
        this.ari = ari;
        this.callerId = callerId;
    }

    /** Asterisk has already ended the caller's channel (StasisEnd): nothing to hang up there. */
    void callerGone() {
        callerGone = true;
    }

    /** Sends the caller on in the dialplan, to {@code destination} in {@code context}: they leave our application. */
    Future<Void> transfer(String context, String destination) {
        return ari.continueInDialplan(callerId, context, destination);
    }

    boolean owns(String channelId) {
        return channelId.equals(callerId) || channelId.equals(mediaId);
    }

    /** Hangs up the caller (unless gone) and the media channel, and destroys the bridge. */
    Future<Void> hangUp() {
        if (tornDown) return Future.succeededFuture();
        tornDown = true;
        List<Future<Void>> steps = new ArrayList<>();
        if (!callerGone) steps.add(gone(ari.hangup(callerId, "normal")));
        if (mediaId != null) steps.add(gone(ari.hangup(mediaId, "normal")));
        if (bridgeId != null) steps.add(gone(ari.destroyBridge(bridgeId)));
        return Future.join(steps).mapEmpty();
    }

    /** Not found means already gone, which is what we wanted. */
    private static Future<Void> gone(Future<Void> step) {
        return step.recover(e -> e instanceof AriException a && a.status() == 404 ? Future.succeededFuture() : Future.failedFuture(e));
    }
}
